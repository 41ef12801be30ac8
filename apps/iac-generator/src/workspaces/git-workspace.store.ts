import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { WorkspaceNameSchema } from '@proxmox-mpc/contracts';
import { BPG_PROXMOX_VERSION, DEFAULT_POLICY_FILE, WorkspaceGit, type GeneratedFile } from '@proxmox-mpc/iac';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';
import type { IacGeneratorConfig } from '../config';
import {
  WorkspaceSettingsSchema,
  WorkspaceStore,
  type Workspace,
  type WorkspaceSettings,
  type WrittenFile,
} from './workspace.store';

const SETTINGS_FILE = 'mpc-workspace.json';
// What the last generation wrote, so files it no longer writes are removed, not left stale.
const MANIFEST_FILE = '.mpc/generated.json';

/** A workspace folder, a git repository of its own. */
class GitWorkspace implements Workspace {
  readonly git: WorkspaceGit;

  constructor(
    private readonly dir: string,
    readonly settings: WorkspaceSettings,
  ) {
    this.git = new WorkspaceGit(dir);
  }

  async replaceGenerated(files: readonly GeneratedFile[]): Promise<WrittenFile[]> {
    const previous = await this.readJson(MANIFEST_FILE, z.array(z.string()), []);
    const paths = new Set(files.map((file) => file.path));
    for (const stale of previous.filter((path) => !paths.has(path))) await this.remove(stale);
    const written = await this.writeFiles(files);
    await this.writeJson(MANIFEST_FILE, [...paths].sort());
    return written;
  }

  async writeFiles(files: readonly GeneratedFile[]): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const file of files) {
      // Encoded once for the comparison, the write, the digest and the size alike.
      const bytes = Buffer.from(file.content);
      await this.write(file.path, bytes);
      written.push({
        path: file.path,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      });
    }
    return written;
  }

  async remove(path: string): Promise<void> {
    await rm(this.within(path), { force: true });
  }

  async readJson<T>(path: string, schema: z.ZodType<T>, fallback: T): Promise<T> {
    try {
      return schema.parse(JSON.parse(await readFile(this.within(path), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
      throw new HandlerError(
        'INVALID_MESSAGE',
        `${path} of workspace "${this.settings.name}" is unreadable`,
        false,
      );
    }
  }

  async writeJson(path: string, value: unknown): Promise<void> {
    await this.write(path, Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
  }

  private async write(path: string, bytes: Buffer): Promise<void> {
    const target = this.within(path);
    // A file left untouched keeps its timestamp, so `git add` need not hash it again: a
    // re-import of 10,000 guests rewrites 34 MB that mostly did not change.
    const before = await readFile(target).catch(() => undefined);
    if (before?.equals(bytes)) return;
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }

  /** A path inside the workspace; generated paths are ours, but a bug must not write elsewhere. */
  private within(path: string): string {
    const full = resolve(this.dir, path);
    if (!full.startsWith(`${resolve(this.dir)}/`)) throw new Error(`${path} is outside the workspace`);
    return full;
  }
}

/** Workspaces as folders under IAC_WORKSPACE_ROOT, shared by replicas. */
@Injectable()
export class GitWorkspaceStore extends WorkspaceStore {
  private readonly root: string;

  constructor(@Inject(SERVICE_CONFIG) config: Pick<IacGeneratorConfig, 'IAC_WORKSPACE_ROOT'>) {
    super();
    this.root = resolve(config.IAC_WORKSPACE_ROOT);
  }

  async create(name: string, target: string, ansible: WorkspaceSettings['ansible']): Promise<Workspace> {
    const dir = this.folderOf(name);
    if (existsSync(join(dir, SETTINGS_FILE))) {
      throw new HandlerError('CONFLICT', `workspace "${name}" already exists`, false);
    }
    await mkdir(dir, { recursive: true });
    const workspace = new GitWorkspace(dir, {
      name,
      target,
      provider: { source: 'bpg/proxmox', version: BPG_PROXMOX_VERSION },
      ansible,
    });
    await workspace.git.init();
    await workspace.writeJson(SETTINGS_FILE, workspace.settings);
    await workspace.writeFiles([
      { path: 'policy.yml', content: DEFAULT_POLICY_FILE },
      { path: '.gitignore', content: '.terraform/\n*.tfstate\n*.tfstate.*\n*.tfvars\n!*.tfvars.example\n' },
    ]);
    this.noteCreated();
    return workspace;
  }

  async open(name: string): Promise<Workspace> {
    const dir = this.folderOf(name);
    let settings: WorkspaceSettings;
    try {
      settings = WorkspaceSettingsSchema.parse(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new HandlerError(
          'NOT_FOUND',
          `no workspace "${name}"; create it with cmd.iac.workspace.init`,
          false,
        );
      }
      throw new HandlerError(
        'INVALID_MESSAGE',
        `workspace "${name}" has an unreadable ${SETTINGS_FILE}`,
        false,
      );
    }
    return new GitWorkspace(dir, settings);
  }

  async list(): Promise<Workspace[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const workspaces: Workspace[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !WorkspaceNameSchema.safeParse(entry.name).success) continue;
      try {
        workspaces.push(await this.open(entry.name));
      } catch {
        // A folder being created, or not a workspace: not ours to judge here.
      }
    }
    return workspaces;
  }

  /**
   * The folder of a workspace. Messages are validated before they get here, but a name
   * is also a path: one outside the rules must never reach the filesystem.
   */
  private folderOf(name: string): string {
    const parsed = WorkspaceNameSchema.safeParse(name);
    if (!parsed.success) {
      throw new HandlerError(
        'INVALID_MESSAGE',
        `workspace name "${name}": ${parsed.error.issues[0]?.message}`,
        false,
      );
    }
    return join(this.root, parsed.data);
  }
}
