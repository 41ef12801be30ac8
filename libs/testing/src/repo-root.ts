import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root (the folder with nx.json), from source or from dist/. */
export function repoRoot(from: string = __dirname): string {
  let directory = from;
  while (!existsSync(join(directory, 'nx.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no nx.json above ${from}`);
    directory = parent;
  }
  return directory;
}

/**
 * Where `npm start` keeps the local platform's state (tokens, PostgreSQL, JetStream,
 * platform.json) and where the operator tools look for it: MPC_DATA_DIR, or `.data` in
 * the clone.
 */
export function localDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MPC_DATA_DIR ?? join(repoRoot(), '.data');
}
