import type { GuestResizeRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

export const resizeOperation: OperationDefinition<GuestResizeRequested> = {
  operation: 'resize',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    return {
      guest,
      steps: [
        {
          name: 'resize',
          task: { node: guest.node, type: guest.type === 'qemu' ? 'qmresize' : 'resize', vmid: guest.vmid },
          run: () => client.resizeDisk(guest.node, guest.type, guest.vmid, command.disk, command.size),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'resize',
        ...identify(guest),
        upids,
        durationMs,
        disk: command.disk,
        size: command.size,
      }),
    };
  },
};
