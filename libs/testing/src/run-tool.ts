import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the built command-line tools (`dist/tools/...`) as an operator would, with
 * an argument array and the workspace import map; never rejects, so a test can check a
 * failing exit code and what was printed.
 */
export function runTool(script: string, args: string[], env: Record<string, string> = {}): Promise<ToolRun> {
  return runBuilt(join('tools', script), args, env);
}

/** The operator's console, one-shot (`proxmox-mpc <command> …`), built, as runTool runs a tool. */
export function runConsole(args: string[], env: Record<string, string> = {}): Promise<ToolRun> {
  return runBuilt(join('apps', 'console', 'src', 'main.js'), args, env);
}

function runBuilt(script: string, args: string[], env: Record<string, string>): Promise<ToolRun> {
  const path = join(repoRoot(), 'dist', script);
  if (!existsSync(path)) throw new Error(`${path} does not exist: run "npm run build" first`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', join(repoRoot(), 'tools', 'runtime', 'register-paths.cjs'), path, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
