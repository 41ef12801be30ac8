import { setImmediate as nextTurn } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { DataOf, Origin, Subjects } from '@proxmox-mpc/contracts';
import { ansibleFiles, InventoryReader, terraformImport } from '@proxmox-mpc/iac';
import { WorkspaceLock } from './workspace-lock';
import { WorkspaceStore } from './workspace.store';

/** The command's data, and who asked. */
export type ImportInventory = DataOf<typeof Subjects.iacImport> & { origin: Origin };

type Generated = DataOf<typeof Subjects.iacGenerated>;

/**
 * Generates a workspace's Terraform and Ansible from the cluster as it is now and
 * commits them: the same inventory gives the same files, so a re-import with nothing
 * changed commits nothing. Files an earlier import wrote and this one does not are removed.
 */
@Injectable()
export class ImportInventoryUseCase {
  // Runs by command id. A command JetStream delivers again while its first delivery still
  // runs here (a busy event loop missed a heartbeat) joins that run instead of repeating
  // seconds of generation after it.
  private readonly running = new Map<string, Promise<Generated>>();

  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
  ) {}

  execute(command: ImportInventory): Promise<Generated> {
    const id = command.origin.causationId;
    const running = id === undefined ? undefined : this.running.get(id);
    if (running) return running;
    const run = this.lock.hold(command.workspace, () => this.generate(command));
    if (id !== undefined) {
      this.running.set(id, run);
      const forget = () => this.running.delete(id);
      run.then(forget, forget);
    }
    return run;
  }

  private async generate({ workspace: name, origin }: ImportInventory): Promise<Generated> {
    const workspace = await this.store.open(name);
    const { target, guests } = await this.inventory.read(origin, workspace.settings.target);
    const terraform = terraformImport(guests);
    // Generating 10,000 guests keeps the CPU for a second or more at a time: a turn of the
    // event loop in between lets the bus heartbeat, or JetStream would deliver the command again.
    await nextTurn();
    const ansible = ansibleFiles(guests, workspace.settings.ansible);
    await nextTurn();
    const files = await workspace.replaceGenerated([...terraform.files, ...ansible]);
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
  }
}
