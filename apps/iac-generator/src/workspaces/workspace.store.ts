import { AnsibleCollectionSchema, WorkspaceNameSchema } from '@proxmox-mpc/contracts';
import { DEFAULT_PROXMOX_COLLECTION, type GeneratedFile, type WorkspaceGit } from '@proxmox-mpc/iac';
import { z } from 'zod';

export const WorkspaceSettingsSchema = z.object({
  name: WorkspaceNameSchema,
  target: z.string(),
  provider: z.object({ source: z.literal('bpg/proxmox'), version: z.string() }),
  // Settings written before the choice existed get today's default.
  ansible: z
    .object({ collection: AnsibleCollectionSchema })
    .default({ collection: DEFAULT_PROXMOX_COLLECTION }),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

/** What a generated event reports of each file written. */
export interface WrittenFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** One workspace: its settings, its git history, and the files generated into it. */
export interface Workspace {
  readonly settings: WorkspaceSettings;
  readonly git: WorkspaceGit;

  /** Writes the generated files and removes the ones the previous generation wrote but this one does not. */
  replaceGenerated(files: readonly GeneratedFile[]): Promise<WrittenFile[]>;

  /** Writes files as they are. */
  writeFiles(files: readonly GeneratedFile[]): Promise<WrittenFile[]>;

  remove(path: string): Promise<void>;

  /** A JSON file of the workspace, or `fallback` when there is none; refuses one that does not parse. */
  readJson<T>(path: string, schema: z.ZodType<T>, fallback: T): Promise<T>;

  writeJson(path: string, value: unknown): Promise<void>;
}

/** Every workspace iac-generator keeps, by name. */
export abstract class WorkspaceStore {
  private creations = 0;

  /** How many workspaces were created through this store: a listing taken at another count misses some. */
  get created(): number {
    return this.creations;
  }

  /** Implementations call this once a workspace they created is in place. */
  protected noteCreated(): void {
    this.creations += 1;
  }

  /** Creates the workspace with its settings and default files (not committed); refuses a name already taken. */
  abstract create(name: string, target: string, ansible: WorkspaceSettings['ansible']): Promise<Workspace>;

  /** The workspace of that name; refuses one that does not exist. */
  abstract open(name: string): Promise<Workspace>;

  /** Every workspace there is. */
  abstract list(): Promise<Workspace[]>;
}

/** A workspace's HEAD, or undefined while it has no commit. */
export function headOf(workspace: Workspace): Promise<string | undefined> {
  return workspace.git.currentRevision().catch(() => undefined);
}
