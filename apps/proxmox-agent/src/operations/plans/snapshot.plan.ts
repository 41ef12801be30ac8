import type { GuestSnapshotRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

export const snapshotOperation: OperationDefinition<GuestSnapshotRequested> = {
  operation: 'snapshot',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const prefix = guest.type === 'qemu' ? 'qm' : 'vz';
    return {
      guest,
      steps: [
        command.action === 'create'
          ? {
              name: 'snapshot',
              task: { node: guest.node, type: `${prefix}snapshot`, vmid: guest.vmid },
              run: () =>
                client.createSnapshot(guest.node, guest.type, guest.vmid, {
                  snapname: command.name,
                  ...(command.description ? { description: command.description } : {}),
                  ...(command.includeRam && guest.type === 'qemu' ? { vmstate: 1 } : {}),
                }),
            }
          : {
              name: 'delete-snapshot',
              task: { node: guest.node, type: `${prefix}delsnapshot`, vmid: guest.vmid },
              run: () => client.deleteSnapshot(guest.node, guest.type, guest.vmid, command.name),
            },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'snapshot',
        ...identify(guest),
        upids,
        durationMs,
        action: command.action,
        snapshot: command.name,
      }),
    };
  },
};
