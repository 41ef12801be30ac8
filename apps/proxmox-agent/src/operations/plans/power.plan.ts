import { HandlerError } from '@proxmox-mpc/bus';
import type { GuestPowerRequested, GuestType, PowerAction } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify, readStatus } from './guest-state';

/** The task type each power action starts: `qmstart`, `vzshutdown`, …; a VM's suspend pauses it (`qmpause`). */
function taskType(type: GuestType, action: PowerAction): string {
  if (type === 'qemu' && action === 'suspend') return 'qmpause';
  return `${type === 'qemu' ? 'qm' : 'vz'}${action}`;
}

export const powerOperation: OperationDefinition<GuestPowerRequested> = {
  operation: 'power',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    if (guest.type === 'lxc' && (command.action === 'suspend' || command.action === 'resume')) {
      // Container suspend is experimental in Proxmox (CRIU); the platform offers it for VMs only.
      throw new HandlerError(
        'INVALID_MESSAGE',
        `${command.action} is for VMs; ${guest.vmid} is a container`,
        false,
      );
    }
    return {
      guest,
      steps: [
        {
          name: command.action,
          task: { node: guest.node, type: taskType(guest.type, command.action), vmid: guest.vmid },
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
