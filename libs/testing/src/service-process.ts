import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_SERVICES, type PlatformService } from '@proxmox-mpc/contracts';
import { ManagedProcess } from './managed-process';
import { repoRoot } from './repo-root';

export const SERVICE_NAMES = PLATFORM_SERVICES;
export type ServiceName = PlatformService;

/** The port each service listens on when nothing else is configured. */
export const DEFAULT_HTTP_PORTS: Record<ServiceName, number> = {
  'mcp-edge': 8080,
  'proxmox-agent': 8081,
  'iac-generator': 8082,
  'test-runner': 8083,
  rag: 8084,
  audit: 8085,
};

/**
 * Node flags every service runs with, wherever it is started (here, docker-compose.yml,
 * the Dockerfile, the Helm chart; tools/deploy's specs hold them to this list).
 * `--experimental-async-context-frame` (the default from Node 24) keeps OpenTelemetry's
 * context in V8's continuation data instead of async_hooks: without it every promise a
 * service makes runs a hook, and mcp-edge spent 5-15 % of its CPU per tool call
 * there (docs/benchmarks.md, tenth pass).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--experimental-async-context-frame'];

/**
 * The command that runs a built service: node with the workspace import map, and the
 * hook that stops it when the process that launched it dies.
 */
export function serviceCommand(
  name: ServiceName,
  extraArgs: string[] = [],
): { command: string; args: string[] } {
  const root = repoRoot();
  const main = join(root, 'dist', 'apps', name, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: run "npm run build" first`);
  return {
    command: process.execPath,
    args: [
      ...SERVICE_NODE_FLAGS,
      '-r',
      join(root, 'tools', 'runtime', 'register-paths.cjs'),
      '-r',
      join(root, 'tools', 'runtime', 'stop-with-parent.cjs'),
      main,
      ...extraArgs,
    ],
  };
}

/** Starts a built service as its own process and waits until its /health answers 200. */
export function startServiceProcess(
  name: ServiceName,
  env: NodeJS.ProcessEnv & { HTTP_PORT: string },
  onLine?: (line: string) => void,
): Promise<ManagedProcess> {
  const health = `http://127.0.0.1:${env.HTTP_PORT}/health`;
  return ManagedProcess.start({
    name,
    ...serviceCommand(name),
    env,
    ready: async () => (await fetch(health)).ok,
    readyTimeoutMs: 60_000,
    ...(onLine ? { onLine } : {}),
  });
}
