import type { GuestMigrateRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

export const migrateOperation: OperationDefinition<GuestMigrateRequested> = {
  operation: 'migrate',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const moved = { ...guest, node: command.target };
    return {
      guest,
      steps: [
        {
          name: 'migrate',
          task: {
            node: guest.node,
            type: guest.type === 'qemu' ? 'qmigrate' : 'vzmigrate',
            vmid: guest.vmid,
          },
          run: () =>
            client.migrateGuest(guest.node, guest.type, guest.vmid, {
              target: command.target,
              ...(command.online === undefined
                ? {}
                : guest.type === 'qemu'
                  ? { online: command.online ? 1 : 0 }
                  : { restart: command.online ? 1 : 0 }),
              ...(command.withLocalDisks && guest.type === 'qemu' ? { 'with-local-disks': 1 } : {}),
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'migrate',
        ...identify(moved),
        upids,
        durationMs,
        from: guest.node,
      }),
    };
  },
};
