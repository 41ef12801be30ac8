import type { GuestHaRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

/** Puts a guest under HA (the HA stack starts with the first resource) or takes it out. */
export const haOperation: OperationDefinition<GuestHaRequested> = {
  operation: 'ha',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const sid = `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`;
    return {
      guest,
      steps: [
        command.action === 'add'
          ? {
              name: 'add-resource',
              run: async () => {
                await client.addHaResource({
                  sid,
                  ...(command.state ? { state: command.state } : {}),
                  ...(command.maxRestart === undefined ? {} : { max_restart: command.maxRestart }),
                  ...(command.maxRelocate === undefined ? {} : { max_relocate: command.maxRelocate }),
                  ...(command.comment === undefined ? {} : { comment: command.comment }),
                });
                return null;
              },
            }
          : {
              name: 'remove-resource',
              run: async () => {
                await client.removeHaResource(sid);
                return null;
              },
            },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'ha',
        ...identify(guest),
        upids,
        durationMs,
        action: command.action,
        sid,
      }),
    };
  },
};
