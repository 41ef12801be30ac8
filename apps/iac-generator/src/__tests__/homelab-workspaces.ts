import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InventoryGuest, Origin } from '@proxmox-mpc/contracts';
import { InMemoryInventoryReader } from '@proxmox-mpc/iac';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { GitWorkspaceStore } from '../workspaces/git-workspace.store';
import { ImportInventoryUseCase } from '../workspaces/import-inventory.use-case';
import { InMemoryWorkspaceLock } from '../workspaces/in-memory-workspace-lock';
import { InitWorkspaceUseCase } from '../workspaces/init-workspace.use-case';

/**
 * What the use-case specs start from: the simulator's homelab cluster as the agent's
 * inventory, and workspaces of it in a temporary folder (real git, no bus, no database).
 */
export class HomelabWorkspaces {
  readonly folder = mkdtempSync(join(tmpdir(), 'mpc-workspaces-'));
  readonly store = new GitWorkspaceStore({ IAC_WORKSPACE_ROOT: this.folder });
  readonly inventory = new InMemoryInventoryReader(
    'homelab',
    inventoryOf(new PveSimulator({ scenario: 'homelab' })),
  );
  readonly lock = new InMemoryWorkspaceLock();
  readonly origin: Origin = { correlationId: 'use-case-spec', actor: { kind: 'operator', id: 'spec' } };

  /** Creates a workspace of the cluster. */
  init(workspace = 'lab') {
    return new InitWorkspaceUseCase(this.store, this.inventory, this.lock).execute({
      workspace,
      origin: this.origin,
    });
  }

  /** Imports the cluster as it is now into the workspace. */
  import(workspace = 'lab') {
    return new ImportInventoryUseCase(this.store, this.inventory, this.lock).execute({
      workspace,
      origin: this.origin,
    });
  }

  /** A VM of the cluster that is not a template. */
  vm(): InventoryGuest {
    return this.inventory.guests.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest;
  }

  /** The workspace's HEAD. */
  async head(workspace = 'lab'): Promise<string> {
    return (await this.store.open(workspace)).git.currentRevision();
  }

  async dispose(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }
}
