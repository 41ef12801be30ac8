// ESLint rule: an import must not close a cycle of imports inside one Nx project.
//
// Why not eslint-plugin-import-x's no-cycle: it skips `import type` by design, and every
// cycle this workspace had was held together by type imports on one side (a config type
// imported by the module whose constants the config imports). Such a pair still cannot be
// read or moved apart, so this rule counts type imports too.
//
// Scope: relative imports between the .ts files of the project that holds the linted file.
// Imports through a `@proxmox-mpc/*` alias leave the project (Nx's enforce-module-boundaries
// forbids a project importing itself by alias), and cycles between projects are that rule's.
//
// The import graph of a project is read from disk and kept for the rest of the ESLint
// process: right for `eslint .` and CI; an editor's long-lived ESLint may report a cycle
// fixed meanwhile until it restarts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** @type {Map<string, { components: Map<string, Set<string>>; edges: Map<string, Set<string>> }>} */
const projects = new Map();

function projectRootOf(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'project.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function sourceFilesUnder(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !file.split(path.sep).some((part) => part === 'node_modules' || part === 'dist'))
    .map((file) => path.join(dir, file));
}

/** The .ts file a relative specifier names, the way Node16 resolution finds it from TypeScript. */
function resolveRelative(specifier, fromFile) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function importEdges(file) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return new Set(
    importedFiles
      .map(({ fileName }) => resolveRelative(fileName, file))
      .filter((target) => target !== undefined),
  );
}

/** Tarjan's strongly connected components: files in one component with more than one member form a cycle. */
function componentsOf(edges) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = new Map();
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file), index.get(target)));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component = new Set();
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.add(member);
    } while (member !== file);
    for (const file of component) components.set(file, component);
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return components;
}

function projectGraph(root) {
  let graph = projects.get(root);
  if (!graph) {
    const edges = new Map(sourceFilesUnder(root).map((file) => [file, importEdges(file)]));
    graph = { edges, components: componentsOf(edges) };
    projects.set(root, graph);
  }
  return graph;
}

/** The shortest way back from `from` to `to` inside their component, for the message. */
function pathBack(graph, from, to) {
  const component = graph.components.get(from);
  const previous = new Map([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === to) break;
    for (const target of graph.edges.get(file) ?? []) {
      if (component.has(target) && !previous.has(target)) {
        previous.set(target, file);
        queue.push(target);
      }
    }
  }
  const route = [];
  for (let file = to; file !== undefined; file = previous.get(file)) route.unshift(file);
  return route;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Forbid an import that closes a cycle of imports (type imports included) inside a project.',
    },
    schema: [],
    messages: {
      cycle:
        'import cycle in {{project}}: {{route}}. Move what both sides need into a module of their own, ' +
        'so the imports point one way.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    const root = projectRootOf(file);
    if (!root) return {};
    const graph = projectGraph(root);
    const check = (node) => {
      if (node.source?.type !== 'Literal' || typeof node.source.value !== 'string') return;
      const target = resolveRelative(node.source.value, file);
      if (!target || !graph.components.get(file)?.has(target)) return;
      const route = [file, ...pathBack(graph, target, file)].map((member) => path.relative(root, member));
      context.report({
        node,
        messageId: 'cycle',
        data: { project: path.relative(process.cwd(), root) || '.', route: route.join(' → ') },
      });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
