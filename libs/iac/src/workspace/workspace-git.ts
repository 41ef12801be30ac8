import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Commits carry the platform as author; who asked is in the message and the audit log.
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Proxmox-MPC',
  GIT_AUTHOR_EMAIL: 'iac-generator@proxmox-mpc.invalid',
  GIT_COMMITTER_NAME: 'Proxmox-MPC',
  GIT_COMMITTER_EMAIL: 'iac-generator@proxmox-mpc.invalid',
};

export class GitError extends Error {}

/**
 * git on one workspace folder. Always an argument array through execFile, never a shell,
 * so nothing in a message or a path can become a command.
 */
export class WorkspaceGit {
  constructor(private readonly dir: string) {}

  async init(): Promise<void> {
    await this.git(['init', '--quiet', '--initial-branch=main']);
  }

  /**
   * Stages everything and commits it. When nothing changed there is nothing to commit:
   * the current revision is returned with `changed: false`.
   */
  async commitAll(message: string): Promise<{ revision: string; changed: boolean }> {
    await this.git(['add', '--all']);
    const staged = await this.git(['status', '--porcelain']);
    if (staged.trim() === '' && (await this.hasCommits()))
      return { revision: await this.head(), changed: false };
    await this.git(['commit', '--quiet', '--allow-empty', '--no-verify', '--message', message]);
    return { revision: await this.head(), changed: true };
  }

  async head(): Promise<string> {
    return (await this.git(['rev-parse', 'HEAD'])).trim();
  }

  /**
   * HEAD's commit read from .git itself, without starting git: cheap enough to ask on
   * every inventory event. Falls back to git for anything but a plain branch ref.
   */
  async currentRevision(): Promise<string> {
    try {
      const head = (await readFile(join(this.dir, '.git', 'HEAD'), 'utf8')).trim();
      const ref = /^ref: (refs\/heads\/[\w./-]+)$/.exec(head)?.[1];
      if (!ref) return /^[0-9a-f]{40}$/.test(head) ? head : await this.head();
      const loose = (await readFile(join(this.dir, '.git', ref), 'utf8').catch(() => '')).trim();
      return /^[0-9a-f]{40}$/.test(loose) ? loose : await this.head();
    } catch {
      return this.head();
    }
  }

  /** The full id of a commit (or undefined when the repository has no such commit). */
  async resolve(revision: string): Promise<string | undefined> {
    try {
      return (await this.git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`])).trim();
    } catch {
      return undefined;
    }
  }

  /** The files of a revision with their sizes, in path order. */
  async listAt(revision: string): Promise<Array<{ path: string; bytes: number }>> {
    return (await this.treeAt(revision)).map(({ path, bytes }) => ({ path, bytes }));
  }

  /** One file's text at a revision. */
  async readAt(revision: string, path: string): Promise<string> {
    return this.git(['show', `${revision}:${path}`]);
  }

  /** The files of a revision (those `include` accepts), as committed: what a check must judge, whatever is on disk. */
  async filesAt(
    revision: string,
    include: (path: string) => boolean = () => true,
  ): Promise<Array<{ path: string; content: string }>> {
    const blobs = (await this.treeAt(revision)).filter(({ path }) => include(path));
    if (blobs.length === 0) return [];
    // One `git cat-file --batch` for every file: a git process per file costs more than the
    // reading, and a workspace of 10,000 guests is 34 MB in 60-odd files.
    const output = await this.gitWithInput(
      ['cat-file', '--batch'],
      `${blobs.map(({ blob }) => blob).join('\n')}\n`,
    );
    let at = 0;
    return blobs.map(({ path, bytes }) => {
      // Each object is "<id> blob <size>\n<content>\n".
      const start = output.indexOf(10, at) + 1;
      at = start + bytes + 1;
      return { path, content: output.toString('utf8', start, start + bytes) };
    });
  }

  /** The blobs of a revision with their ids and sizes, in path order. */
  private async treeAt(revision: string): Promise<Array<{ path: string; blob: string; bytes: number }>> {
    // `-l -z`: "<mode> <type> <id> <size>\t<path>" records separated by NUL.
    return (await this.git(['ls-tree', '-r', '-l', '-z', revision]))
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const [meta = '', path = ''] = record.split('\t');
        const [, type, blob = '', size] = meta.trim().split(/\s+/);
        return { path, type, blob, bytes: Number(size) };
      })
      .filter(({ type }) => type === 'blob')
      .map(({ path, blob, bytes }) => ({ path, blob, bytes }));
  }

  private async hasCommits(): Promise<boolean> {
    try {
      await this.git(['rev-parse', '--verify', '--quiet', 'HEAD']);
      return true;
    } catch {
      return false;
    }
  }

  private async git(args: string[]): Promise<string> {
    try {
      const { stdout } = await run('git', args, {
        cwd: this.dir,
        env: this.env(),
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
      throw new GitError(`git ${args[0]} failed in ${this.dir}: ${detail}`);
    }
  }

  /** git with `input` on its standard input; its output as bytes. */
  private gitWithInput(args: string[], input: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.dir, env: this.env() });
      const stdout: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 0) resolve(Buffer.concat(stdout));
        else reject(new GitError(`git ${args[0]} failed in ${this.dir}: ${stderr.trim() || `exit ${code}`}`));
      });
      child.stdin.end(input);
    });
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0' };
  }
}
