import { Injectable } from '@nestjs/common';
import type { DataOf, Origin, Subjects } from '@proxmox-mpc/contracts';
import { ansibleFiles, InventoryReader, terraformImport } from '@proxmox-mpc/iac';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace.store';

/** The command's data, and who asked. */
export type ImportInventory = DataOf<typeof Subjects.iacImport> & { origin: Origin };

/**
 * Generates a workspace's Terraform and Ansible from the cluster as it is now and
 * commits them: the same inventory gives the same files, so a re-import with nothing
 * changed commits nothing. Files an earlier import wrote and this one does not are removed.
 */
@Injectable()
export class ImportInventoryUseCase {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
  ) {}

  execute({ workspace: name, origin }: ImportInventory): Promise<DataOf<typeof Subjects.iacGenerated>> {
    return this.lock.hold(name, async () => {
      const workspace = await this.store.open(name);
      const { target, guests } = await this.inventory.read(origin, workspace.settings.target);
      const terraform = terraformImport(guests);
      const files = await workspace.replaceGenerated([
        ...terraform.files,
        ...ansibleFiles(guests, workspace.settings.ansible),
      ]);
      const { revision, changed } = await workspace.git.commitAll(
        `Import ${guests.length} guests of cluster ${target}`,
      );
      return {
        workspace: name,
        target,
        kind: 'import',
        revision,
        changed,
        guests: guests.length,
        unmapped: terraform.guests.reduce((sum, guest) => sum + guest.unmapped.length, 0),
        files,
      };
    });
  }
}
