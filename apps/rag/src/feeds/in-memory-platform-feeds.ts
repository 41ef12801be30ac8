import type { AuditEntry, InventoryGuest } from '@proxmox-mpc/contracts';
import { PlatformFeeds, type ClusterInventory, type WorkspaceFile } from './platform-feeds';

/** Feeds a test sets by hand. */
export class InMemoryPlatformFeeds extends PlatformFeeds {
  readonly guests = new Map<string, InventoryGuest[]>();
  readonly workspaces = new Map<string, { revision: string; files: WorkspaceFile[] }>();
  readonly audit: AuditEntry[] = [];

  constructor(private readonly defaultTarget = 'homelab') {
    super();
  }

  async targets(): Promise<string[]> {
    return this.guests.size > 0 ? [...this.guests.keys()] : [this.defaultTarget];
  }

  async inventory(_origin: unknown, target = this.defaultTarget): Promise<ClusterInventory> {
    return { target, guests: this.guests.get(target) ?? [] };
  }

  /** A cluster whose guests were never set counts as never synced. */
  async storedInventory(_origin: unknown, target: string): Promise<ClusterInventory | undefined> {
    const guests = this.guests.get(target);
    return guests && { target, guests };
  }

  async workspace(
    _origin: unknown,
    workspace: string,
  ): Promise<{ revision: string; files: WorkspaceFile[] }> {
    const found = this.workspaces.get(workspace);
    if (!found) throw new Error(`no workspace ${workspace}`);
    return found;
  }

  async auditAfter(_origin: unknown, chainSeq: number, limit: number): Promise<AuditEntry[]> {
    return this.audit.filter((entry) => entry.chainSeq > chainSeq).slice(0, limit);
  }
}
