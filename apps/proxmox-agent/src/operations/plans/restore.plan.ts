import type { GuestRestoreRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition, PlannedStep } from '../operation-plan';
import { identify, readStatus } from './guest-state';

export const restoreOperation: OperationDefinition<GuestRestoreRequested> = {
  operation: 'restore',
  async plan(command, { client }) {
    const guest = {
      vmid: command.vmid,
      node: command.node,
      type: command.type,
      name: `${command.type}-${command.vmid}`,
    };
    const prefix = command.type === 'qemu' ? 'qm' : 'vz';
    const steps: PlannedStep[] = [
      {
        name: 'restore',
        task: {
          node: command.node,
          type: command.type === 'qemu' ? 'qmrestore' : 'vzrestore',
          vmid: command.vmid,
        },
        run: () =>
          client.restoreGuest(command.node, command.type, {
            vmid: command.vmid,
            archive: command.archive,
            ...(command.storage ? { storage: command.storage } : {}),
            ...(command.force ? { force: 1 } : {}),
          }),
      },
    ];
    if (command.start) {
      steps.push({
        name: 'start',
        task: { node: command.node, type: `${prefix}start`, vmid: command.vmid },
        run: () => client.powerGuest(command.node, command.type, command.vmid, 'start'),
      });
    }
    return {
      guest,
      steps,
      complete: async ({ upids, durationMs }) => ({
        operation: 'restore',
        ...identify(guest),
        upids,
        durationMs,
        archive: command.archive,
        status: await readStatus(client, command.node, command.type, command.vmid),
      }),
    };
  },
};
