import { execFile } from 'node:child_process';
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
    // `-l -z`: "<mode> blob <sha> <size>\t<path>" records separated by NUL.
    return (await this.git(['ls-tree', '-r', '-l', '-z', revision]))
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const [meta = '', path = ''] = record.split('\t');
        return { path, bytes: Number(meta.trim().split(/\s+/)[3]) };
      });
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
    const files: Array<{ path: string; content: string }> = [];
    for (const { path } of await this.listAt(revision)) {
      if (include(path)) files.push({ path, content: await this.readAt(revision, path) });
    }
    return files;
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
        env: { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0' },
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
      throw new GitError(`git ${args[0]} failed in ${this.dir}: ${detail}`);
    }
  }
}
