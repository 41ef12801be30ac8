import type { GuestCreateRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { lxcCreateParams, qemuCreateParams } from '../pve-config';
import { identify, readStatus } from './guest-state';

export const createOperation: OperationDefinition<GuestCreateRequested> = {
  operation: 'create',
  async plan(command, { client, journal }) {
    // Chosen once and journaled before use: a redelivered create reuses the id, so it can
    // never make a second guest.
    const vmid = await journal.keep('vmid', async () => command.vmid ?? (await client.nextVmid()));
    const guest = { vmid, node: command.node, type: command.type, name: command.spec.name };
    const params =
      command.type === 'qemu' ? qemuCreateParams(vmid, command.spec) : lxcCreateParams(vmid, command.spec);
    return {
      guest,
      steps: [
        {
          name: 'create',
          task: { node: command.node, type: command.type === 'qemu' ? 'qmcreate' : 'vzcreate', vmid },
          run: () => client.createGuest(command.node, command.type, params),
        },
        ...(command.start
          ? [
              {
                name: 'start',
                task: { node: command.node, type: command.type === 'qemu' ? 'qmstart' : 'vzstart', vmid },
                run: () => client.powerGuest(command.node, command.type, vmid, 'start'),
              },
            ]
          : []),
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'create',
        ...identify(guest),
        upids,
        durationMs,
        name: command.spec.name,
        status: await readStatus(client, command.node, command.type, vmid),
      }),
    };
  },
};
