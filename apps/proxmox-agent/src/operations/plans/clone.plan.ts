import { HandlerError } from '@proxmox-mpc/bus';
import type { GuestCloneRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition, PlannedStep } from '../operation-plan';
import { qemuCloudInitConfig, rawConfig } from '../pve-config';
import { identify, readStatus, waitForAddresses } from './guest-state';

/** Clone, then (as asked) configure cloud-init and settings, start, and wait for an address. */
export const cloneOperation: OperationDefinition<GuestCloneRequested> = {
  operation: 'clone',
  async plan(command, { client, journal, locate }) {
    const source = await locate(command.vmid, command.node, command.type);
    if (command.cloudInit && source.type === 'lxc') {
      throw new HandlerError(
        'INVALID_MESSAGE',
        'containers have no cloud-init; set their address with config.net0',
        false,
      );
    }
    if (command.waitForIp && (source.type === 'lxc' || !command.start)) {
      throw new HandlerError('INVALID_MESSAGE', 'waitForIp needs a VM that is started (start: true)', false);
    }
    const newid = await journal.keep('newid', async () => command.newid ?? (await client.nextVmid()));
    const node = command.target ?? source.node;
    const clone = { vmid: newid, node, type: source.type, name: command.name };
    const settings = {
      ...(command.cloudInit ? qemuCloudInitConfig(command.cloudInit) : {}),
      ...rawConfig(command.config),
    };
    let addresses: string[] = [];
    const steps: PlannedStep[] = [
      {
        name: 'clone',
        task: { node: source.node, type: source.type === 'qemu' ? 'qmclone' : 'vzclone', vmid: source.vmid },
        run: () =>
          client.cloneGuest(source.node, source.type, source.vmid, {
            newid,
            ...(source.type === 'qemu' ? { name: command.name } : { hostname: command.name }),
            ...(command.target ? { target: command.target } : {}),
            ...(command.full === undefined ? {} : { full: command.full ? 1 : 0 }),
            ...(command.storage ? { storage: command.storage } : {}),
            ...(command.pool ? { pool: command.pool } : {}),
            ...(command.description ? { description: command.description } : {}),
          }),
      },
    ];
    if (Object.keys(settings).length > 0) {
      steps.push({
        name: 'configure',
        run: () => client.updateGuestConfig(node, source.type, newid, settings),
      });
    }
    if (command.start) {
      steps.push({
        name: 'start',
        task: { node, type: source.type === 'qemu' ? 'qmstart' : 'vzstart', vmid: newid },
        run: () => client.powerGuest(node, source.type, newid, 'start'),
      });
    }
    if (command.waitForIp) {
      steps.push({
        name: 'wait-for-ip',
        run: async () => {
          addresses = await waitForAddresses(client, node, newid);
          return null;
        },
      });
    }
    return {
      guest: clone,
      steps,
      complete: async ({ upids, durationMs }) => ({
        operation: 'clone',
        ...identify(clone),
        upids,
        durationMs,
        sourceVmid: source.vmid,
        name: command.name,
        status: await readStatus(client, node, source.type, newid),
        ipAddresses: addresses,
      }),
    };
  },
};
