import { Injectable } from '@nestjs/common';
import { MessageBus, QueryFailed } from '@proxmox-mpc/bus';
import {
  Subjects,
  WORKSPACE_READ_MAX_CONTENT_BYTES,
  type AuditEntry,
  type Origin,
} from '@proxmox-mpc/contracts';
import { BusInventoryReader } from '@proxmox-mpc/iac/inventory-reader';
import { PlatformFeeds, type ClusterInventory, type WorkspaceFile } from './platform-feeds';

// Reading many files or pages may take longer than a single query's default 10 s.
const FEED_TIMEOUT_MS = 60_000;

@Injectable()
export class BusPlatformFeeds extends PlatformFeeds {
  private readonly inventoryReader: BusInventoryReader;

  constructor(private readonly bus: MessageBus) {
    super();
    this.inventoryReader = new BusInventoryReader(bus);
  }

  async targets(origin: Origin): Promise<string[]> {
    const { targets } = await this.bus.query(Subjects.proxmoxTargetsList, {}, origin);
    return targets.map((target) => target.name);
  }

  inventory(origin: Origin, target?: string): Promise<ClusterInventory> {
    return this.inventoryReader.read(origin, target);
  }

  async storedInventory(origin: Origin, target: string): Promise<ClusterInventory | undefined> {
    try {
      return await this.inventoryReader.read(origin, target, 'stored');
    } catch (error) {
      if (error instanceof QueryFailed && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async workspace(origin: Origin, workspace: string): Promise<{ revision: string; files: WorkspaceFile[] }> {
    const listing = await this.bus.query(Subjects.iacWorkspaceRead, { workspace }, origin, {
      timeoutMs: FEED_TIMEOUT_MS,
    });
    const files: WorkspaceFile[] = [];
    for (const file of listing.files) {
      // Refused by the read, every time: asking would fail the whole workspace.
      if (file.bytes > WORKSPACE_READ_MAX_CONTENT_BYTES) {
        files.push(file);
        continue;
      }
      const read = await this.bus.query(Subjects.iacWorkspaceRead, { workspace, path: file.path }, origin, {
        timeoutMs: FEED_TIMEOUT_MS,
      });
      files.push({ ...file, content: read.content ?? '' });
    }
    return { revision: listing.revision, files };
  }

  async auditAfter(origin: Origin, chainSeq: number, limit: number): Promise<AuditEntry[]> {
    const page = await this.bus.query(
      Subjects.auditSearch,
      { ...(chainSeq > 0 ? { cursor: String(chainSeq) } : {}), limit },
      origin,
      { timeoutMs: FEED_TIMEOUT_MS },
    );
    return page.rows;
  }
}
