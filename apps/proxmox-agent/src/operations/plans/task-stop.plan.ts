import type { TaskStopRequested } from '@proxmox-mpc/contracts';
import { parseUpid } from '@proxmox-mpc/pve-client';
import type { OperationDefinition } from '../operation-plan';

/** Stops a running Proxmox task; one that has ended is reported as it ended. */
export const taskStopOperation: OperationDefinition<TaskStopRequested> = {
  operation: 'task-stop',
  async plan(command, { client }) {
    const node = parseUpid(command.upid).node;
    return {
      node,
      steps: [
        {
          name: 'stop',
          run: async () => {
            await client.stopTask(node, command.upid);
            return null;
          },
        },
      ],
      complete: async ({ durationMs }) => {
        // The worker exits after the signal; it may take a moment to write its status.
        const status = await client.waitForTask(node, command.upid, { timeoutMs: 10_000 });
        return {
          operation: 'task-stop',
          node,
          upids: [command.upid],
          durationMs,
          upid: command.upid,
          exitStatus: status.exitstatus ?? 'unknown',
        };
      },
    };
  },
};
