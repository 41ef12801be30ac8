import type { GeneratedFile } from '@proxmox-mpc/iac';

/** The workspaces' committed revisions, read as committed whatever is on disk. */
export abstract class WorkspaceRevisions {
  /** The commit `revision` names in the workspace and its files; undefined when there is none. */
  abstract filesAt(
    workspace: string,
    revision: string,
  ): Promise<{ commit: string; files: GeneratedFile[] } | undefined>;
}
