import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import { AnsibleCollectionSchema, WorkspaceNameSchema } from '@proxmox-mpc/contracts';
import {
  BPG_PROXMOX_VERSION,
  DEFAULT_POLICY_FILE,
  DEFAULT_PROXMOX_COLLECTION,
  WorkspaceGit,
  type GeneratedFile,
} from '@proxmox-mpc/iac';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';
import type { IacGeneratorConfig } from '../config';

const SETTINGS_FILE = 'mpc-workspace.json';
// What the last generation wrote, so files it no longer writes are removed, not left stale.
const MANIFEST_FILE = '.mpc/generated.json';

const WorkspaceSettingsSchema = z.object({
  name: WorkspaceNameSchema,
  target: z.string(),
  provider: z.object({ source: z.literal('bpg/proxmox'), version: z.string() }),
  // Settings written before the choice existed get today's default.
  ansible: z
    .object({ collection: AnsibleCollectionSchema })
    .default({ collection: DEFAULT_PROXMOX_COLLECTION }),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** A workspace folder: its settings, its git history, the files generated into it. */
export class Workspace {
  readonly git: WorkspaceGit;

  constructor(
    readonly dir: string,
    readonly settings: WorkspaceSettings,
  ) {
    this.git = new WorkspaceGit(dir);
  }

  /** Writes the generated files and removes the ones the previous generation wrote but this one does not. */
  async replaceGenerated(files: readonly GeneratedFile[]): Promise<WrittenFile[]> {
    const previous = await this.readManifest();
    const paths = new Set(files.map((file) => file.path));
    for (const stale of previous.filter((path) => !paths.has(path))) {
      await rm(this.within(stale), { force: true });
    }
    const written = await this.writeFiles(files);
    await this.writeJson(MANIFEST_FILE, [...paths].sort());
    return written;
  }

  /** Writes files as they are, returning what a generated event reports of each. */
  async writeFiles(files: readonly GeneratedFile[]): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const file of files) {
      const target = this.within(file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
      written.push({
        path: file.path,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        bytes: Buffer.byteLength(file.content),
      });
    }
    return written;
  }

  async remove(path: string): Promise<void> {
    await rm(this.within(path), { force: true });
  }

  /** A JSON file of the workspace, or `fallback` when there is none. */
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
    const target = this.within(path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(value, null, 2)}\n`);
  }

  private readManifest(): Promise<string[]> {
    return this.readJson(MANIFEST_FILE, z.array(z.string()), []);
  }

  /** A path inside the workspace; generated paths are ours, but a bug must not write elsewhere. */
  private within(path: string): string {
    const full = resolve(this.dir, path);
    if (!full.startsWith(`${resolve(this.dir)}/`)) throw new Error(`${path} is outside the workspace`);
    return full;
  }
}

@Injectable()
export class WorkspaceStore {
  private readonly root: string;

  constructor(@Inject(SERVICE_CONFIG) config: IacGeneratorConfig) {
    this.root = resolve(config.IAC_WORKSPACE_ROOT);
  }

  /** Creates the folder, its settings and its first commit; refuses a name already taken. */
  async create(name: string, target: string, ansible: WorkspaceSettings['ansible']): Promise<Workspace> {
    const dir = join(this.root, name);
    if (existsSync(join(dir, SETTINGS_FILE))) {
      throw new HandlerError('CONFLICT', `workspace "${name}" already exists`, false);
    }
    await mkdir(dir, { recursive: true });
    const workspace = new Workspace(dir, {
      name,
      target,
      provider: { source: 'bpg/proxmox', version: BPG_PROXMOX_VERSION },
      ansible,
    });
    await workspace.git.init();
    await workspace.writeJson(SETTINGS_FILE, workspace.settings);
    await writeFile(join(dir, 'policy.yml'), DEFAULT_POLICY_FILE);
    await writeFile(
      join(dir, '.gitignore'),
      '.terraform/\n*.tfstate\n*.tfstate.*\n*.tfvars\n!*.tfvars.example\n',
    );
    return workspace;
  }

  async open(name: string): Promise<Workspace> {
    const dir = join(this.root, name);
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
    return new Workspace(dir, settings);
  }

  /** Every workspace under the root (folders without settings are not workspaces). */
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
}
