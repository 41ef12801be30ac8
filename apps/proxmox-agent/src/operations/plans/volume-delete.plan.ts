import { HandlerError } from '@proxmox-mpc/bus';
import type { StorageVolumeDeleteRequested } from '@proxmox-mpc/contracts';
import type { PveClient } from '@proxmox-mpc/pve-client';
import type { OperationDefinition } from '../operation-plan';

// A guest disk's name carries its owner: `vm-100-disk-0`, `subvol-200-disk-0`, a linked
// clone's `base-9000-disk-0/vm-150-disk-0` the last one.
const OWNER = /(?:^|[:/])(?:vm|base|subvol|basevol)-(\d+)-[^/]*$/;

/**
 * Whether the volume's owner uses it as a disk now. Proxmox frees a volume through the
 * storage API even then, leaving the guest with a disk that is gone; the platform refuses
 * that. An unused disk (`unusedN`) is what may go.
 */
async function attachedTo(client: PveClient, volume: string): Promise<string | undefined> {
  const owner = OWNER.exec(volume)?.[1];
  if (owner === undefined) return undefined;
  const guest = (await client.clusterResources('vm')).find((entry) => entry.vmid === Number(owner));
  if (!guest?.node || (guest.type !== 'qemu' && guest.type !== 'lxc')) return undefined;
  const config = await client.guestConfig(guest.node, guest.type, Number(owner));
  const key = Object.keys(config).find(
    (name) => !/^unused\d+$/.test(name) && String(config[name]).split(',', 1)[0] === volume,
  );
  return key === undefined ? undefined : `${owner} (${key})`;
}

/** Deletes a backup, ISO image, template or unused disk image from a storage. */
export const volumeDeleteOperation: OperationDefinition<StorageVolumeDeleteRequested> = {
  operation: 'volume-delete',
  async plan(command, { client }) {
    // Proxmox's own answer for a volume that is not there, before anything is deleted.
    await client.volumeInfo(command.node, command.volume);
    const user = await attachedTo(client, command.volume);
    if (user !== undefined) {
      throw new HandlerError(
        'CONFLICT',
        `${command.volume} is a disk of guest ${user}; detach it first, then delete the unused disk`,
        false,
      );
    }
    return {
      node: command.node,
      steps: [
        {
          name: 'delete',
          task: { node: command.node, type: 'imgdel' },
          run: () => client.deleteVolume(command.node, command.volume),
        },
      ],
      complete: async ({ upids, durationMs }) => ({
        operation: 'volume-delete',
        node: command.node,
        upids,
        durationMs,
        volume: command.volume,
      }),
    };
  },
};
