import type { GuestRollbackRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition, PlannedStep } from '../operation-plan';
import { identify, readStatus } from './guest-state';

export const rollbackOperation: OperationDefinition<GuestRollbackRequested> = {
  operation: 'rollback',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const prefix = guest.type === 'qemu' ? 'qm' : 'vz';
    const steps: PlannedStep[] = [
      {
        name: 'rollback',
        task: { node: guest.node, type: `${prefix}rollback`, vmid: guest.vmid },
        run: () => client.rollbackSnapshot(guest.node, guest.type, guest.vmid, command.snapshot),
      },
    ];
    if (command.start) {
      steps.push({
        name: 'start',
        task: { node: guest.node, type: `${prefix}start`, vmid: guest.vmid },
        run: async () =>
          (await readStatus(client, guest.node, guest.type, guest.vmid)) === 'running'
            ? null
            : client.powerGuest(guest.node, guest.type, guest.vmid, 'start'),
      });
    }
    return {
      guest,
      steps,
      complete: async ({ upids, durationMs }) => ({
        operation: 'rollback',
        ...identify(guest),
        upids,
        durationMs,
        snapshot: command.snapshot,
        status: await readStatus(client, guest.node, guest.type, guest.vmid),
      }),
    };
  },
};
