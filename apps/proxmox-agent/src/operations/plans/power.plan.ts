import type { GuestPowerRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify, readStatus } from './guest-state';

const TASK_TYPES = { qemu: 'qm', lxc: 'vz' } as const;

export const powerOperation: OperationDefinition<GuestPowerRequested> = {
  operation: 'power',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    return {
      guest,
      steps: [
        {
          name: command.action,
          task: { node: guest.node, type: `${TASK_TYPES[guest.type]}${command.action}`, vmid: guest.vmid },
          run: () => client.powerGuest(guest.node, guest.type, guest.vmid, command.action),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'power',
        ...identify(guest),
        upids,
        durationMs,
        action: command.action,
        status: await readStatus(client, guest.node, guest.type, guest.vmid),
      }),
    };
  },
};
