import { operationResultOf, Subjects, UpidSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool, ToolError } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { onNode } from './guest-operation';

export const stopTaskTool = operateTool({
  name: 'stop_task',
  title: 'Stop a running Proxmox task',
  description:
    'Stop a running Proxmox task (a backup, a download, a migration, …) by its UPID, as list_tasks shows it; the task ' +
    'ends with "received interrupt". Needs approval by default.',
  input: z.object({ target: TargetInput, upid: UpidSchema.describe('The task, UPID:…') }).strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('task-stop'),
  async prepare({ target, upid }, context) {
    const [, node = '', , , , type = '', id = ''] = upid.split(':');
    context.access.assertNode(node);
    if (!context.access.unrestricted) {
      // A token limited to some guests stops only their tasks.
      if (!/^\d+$/.test(id)) {
        throw new ToolError(
          'FORBIDDEN',
          `${context.access.actorId} may stop only tasks of its guests; ${type} ${id} is none`,
        );
      }
      await resolveGuest(context, Number(id), target);
    }
    return onNode(target, `stop task ${type} ${id} on ${node}`, `${type} ${id}`.trim(), {
      subject: Subjects.proxmoxTaskStop,
      data: { upid },
      approvalAction: 'task.stop',
    });
  },
});
