import type { GuestDeleteRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

export const deleteOperation: OperationDefinition<GuestDeleteRequested> = {
  operation: 'delete',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    return {
      guest,
      steps: [
        {
          name: 'delete',
          task: {
            node: guest.node,
            type: guest.type === 'qemu' ? 'qmdestroy' : 'vzdestroy',
            vmid: guest.vmid,
          },
          run: () =>
            client.deleteGuest(guest.node, guest.type, guest.vmid, {
              ...(command.purge ? { purge: 1 } : {}),
              ...(command.destroyUnreferencedDisks ? { 'destroy-unreferenced-disks': 1 } : {}),
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'delete',
        ...identify(guest),
        upids,
        durationMs,
      }),
    };
  },
};
