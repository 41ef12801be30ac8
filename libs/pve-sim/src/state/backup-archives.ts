import type { GuestConfig, GuestType } from './guest';

/** What a vzdump archive holds that a restore reads back: the guest's config at backup time. */
export interface BackupArchive {
  readonly type: GuestType;
  readonly vmid: number;
  /** The config as vzdump wrote it into the archive (qemu-server.conf / pct.conf), without lock. */
  readonly config: GuestConfig;
}

/**
 * The contents of backup archives the simulator wrote, by node and volume id. The
 * archive files themselves are storage volumes (SimulatorState.volumes); archives a
 * scenario seeds have no recorded contents, and a restore of one falls back to a
 * config of its own.
 */
export class BackupArchives {
  readonly #archives = new Map<string, BackupArchive>();

  record(node: string, volid: string, archive: BackupArchive): void {
    this.#archives.set(key(node, volid), archive);
  }

  /** The archive at `volid` as `node` sees it; a shared storage's archive is seen from every node. */
  find(node: string, volid: string, shared: boolean): BackupArchive | undefined {
    const local = this.#archives.get(key(node, volid));
    if (local || !shared) return local;
    for (const [entry, archive] of this.#archives) if (entry.endsWith(`\u0000${volid}`)) return archive;
    return undefined;
  }

  remove(node: string, volid: string): void {
    this.#archives.delete(key(node, volid));
  }
}

function key(node: string, volid: string): string {
  return `${node}\u0000${volid}`;
}
