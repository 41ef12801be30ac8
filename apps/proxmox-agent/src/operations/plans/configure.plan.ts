import type { GuestConfigureRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { rawConfig } from '../pve-config';
import { identify } from './guest-state';

export const configureOperation: OperationDefinition<GuestConfigureRequested> = {
  operation: 'configure',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const changed = [...Object.keys(command.set ?? {}), ...(command.delete ?? [])];
    return {
      guest,
      steps: [
        {
          name: 'configure',
          run: () =>
            client.updateGuestConfig(guest.node, guest.type, guest.vmid, rawConfig(command.set), {
              ...(command.delete?.length ? { delete: command.delete } : {}),
              ...(command.digest ? { digest: command.digest } : {}),
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'configure',
        ...identify(guest),
        upids,
        durationMs,
        changed,
        digest: (await client.guestConfig(guest.node, guest.type, guest.vmid)).digest,
      }),
    };
  },
};
