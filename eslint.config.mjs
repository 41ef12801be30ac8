import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { noImportCycle } from './tools/lint/no-import-cycle.mjs';

// Which projects each kind of project may import, by the tag in its project.json. Imports
// point down this list, never up: the contracts and the simulator depend on nothing of ours,
// libraries only on libraries, and no library on an app or a tool.
const mayImport = {
  'type:contracts': [],
  // The Proxmox VE simulator stands in for Proxmox itself, so it knows nothing of the platform.
  'type:simulator': [],
  'type:lib': ['type:contracts', 'type:lib'],
  // The test harness starts the simulator beside the platform's processes.
  'type:testing': ['type:contracts', 'type:lib', 'type:simulator'],
  'type:app': ['type:contracts', 'type:lib'],
  // The operator's console: a deployable bus client, never a service; it reads no app's code.
  'type:cli': ['type:contracts', 'type:lib'],
  'type:tool': ['type:contracts', 'type:lib', 'type:simulator', 'type:testing', 'type:tool'],
  'type:e2e': ['type:contracts', 'type:lib', 'type:simulator', 'type:testing', 'type:tool', 'type:app'],
};

// The services' definitions (`apps/<service>/src/<service>.service.ts`, by alias): the app
// code the end-to-end tests and the reference generator may import, and nothing else may.
const SERVICES = [
  '@proxmox-mpc/audit',
  '@proxmox-mpc/iac-generator',
  '@proxmox-mpc/mcp-edge',
  '@proxmox-mpc/proxmox-agent',
  '@proxmox-mpc/rag',
  '@proxmox-mpc/test-runner',
];

function boundaries({ alsoTags = [], allow = [] } = {}) {
  return [
    'error',
    {
      allow,
      depConstraints: Object.entries(mayImport).map(([sourceTag, tags]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: [...new Set([...tags, ...alsoTags])],
      })),
    },
  ];
}

export default [
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '.data', '.nx'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    plugins: { local: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      'local/no-import-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Tests may use the harness and the simulator whatever they test; nothing else changes.
    files: ['**/*.spec.ts', '**/__tests__/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@nx/enforce-module-boundaries': boundaries({ alsoTags: ['type:testing', 'type:simulator'] }),
    },
  },
  {
    // The end-to-end project runs the services themselves, in-process.
    files: ['apps/platform-e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ allow: SERVICES }),
    },
  },
  {
    // The reference pages are generated from the services' definitions and mcp-edge's tool
    // catalogue (read through their exports), so this tool reads the apps.
    files: ['tools/docs/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({
        allow: [...SERVICES, '@proxmox-mpc/mcp-edge/tool-catalog'],
      }),
    },
  },
  {
    files: ['tools/**/*.ts', 'libs/testing/**/*.ts', 'libs/pve-sim/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  prettier,
];
