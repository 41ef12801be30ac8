import type { GuestBackupRequested } from '@proxmox-mpc/contracts';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

// PVE's default backup target when a job names none.
const DEFAULT_STORAGE = 'local';

export const backupOperation: OperationDefinition<GuestBackupRequested> = {
  operation: 'backup',
  async plan(command, { client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const storage = command.storage ?? DEFAULT_STORAGE;
    const startedAt = Math.floor(Date.now() / 1000);
    return {
      guest,
      steps: [
        {
          name: 'backup',
          task: { node: guest.node, type: 'vzdump', vmid: guest.vmid },
          run: () =>
            client.backupGuests(guest.node, {
              vmid: String(guest.vmid),
              storage,
              mode: command.mode ?? 'snapshot',
              compress: command.compress ?? 'zstd',
            }),
        },
      ],
      complete: async ({ upids, durationMs }) => {
        const volumes = await client.storageContent(guest.node, storage, { content: 'backup' });
        const volume = volumes
          .filter((entry) => entry.vmid === guest.vmid && (entry.ctime ?? 0) >= startedAt - 5)
          .sort((a, b) => (b.ctime ?? 0) - (a.ctime ?? 0))[0]?.volid;
        return { operation: 'backup', ...identify(guest), upids, durationMs, ...(volume ? { volume } : {}) };
      },
    };
  },
};
