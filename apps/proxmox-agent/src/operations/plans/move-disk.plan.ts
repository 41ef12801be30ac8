import type { GuestDiskMoveRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

/** The volume id a config value names: `local-lvm:vm-100-disk-0` of `local-lvm:vm-100-disk-0,size=32G`. */
function volumeOf(value: string | number | undefined): string {
  return String(value ?? '').split(',', 1)[0] ?? '';
}

/** A disk or container volume copied to another storage; the source kept as unused unless deleted. */
export const moveDiskOperation: OperationDefinition<GuestDiskMoveRequested> = {
  operation: 'move-disk',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const before = await client.guestConfig(guest.node, guest.type, guest.vmid);
    const sourceVolume = volumeOf(before[command.disk]);
    return {
      guest,
      steps: [
        {
          name: 'move',
          task: {
            node: guest.node,
            type: guest.type === 'qemu' ? 'qmmove' : 'move_volume',
            vmid: guest.vmid,
          },
          run: () =>
            client.moveDisk(guest.node, guest.type, guest.vmid, {
              disk: command.disk,
              storage: command.storage,
              ...(command.deleteSource ? { delete: true } : {}),
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => {
        const after = await client.guestConfig(guest.node, guest.type, guest.vmid);
        const keptAs = Object.keys(after).find(
          (key) => /^unused\d+$/.test(key) && volumeOf(after[key]) === sourceVolume,
        );
        return {
          operation: 'move-disk',
          ...identify(guest),
          upids,
          durationMs,
          disk: command.disk,
          storage: command.storage,
          volume: volumeOf(after[command.disk]),
          sourceVolume,
          ...(keptAs ? { keptAs } : {}),
        };
      },
    };
  },
};
