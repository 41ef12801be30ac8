import { NodeNameSchema, Subjects, TaskSummarySchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { readTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const listTasksTool = readTool({
  name: 'list_tasks',
  title: 'List Proxmox tasks',
  description: 'Recent Proxmox tasks (newest first), for a node or a guest, optionally only failed ones.',
  input: z
    .object({
      target: TargetInput,
      node: NodeNameSchema.optional(),
      guest: GuestInput.optional(),
      errorsOnly: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  output: z.object({ target: z.string(), tasks: z.array(TaskSummarySchema) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, node, guest, errorsOnly, limit }, context) {
    if (node) context.access.assertNode(node);
    const vmid = guest === undefined ? undefined : (await resolveGuest(context, guest, target)).vmid;
    const reply = await context.bus.query(
      Subjects.proxmoxTasksList,
      {
        ...(node ? { node } : {}),
        ...(vmid === undefined ? {} : { vmid }),
        ...(errorsOnly ? { errorsOnly } : {}),
        ...(limit ? { limit } : {}),
      },
      withTarget(context.origin, target),
    );
    const tasks = reply.tasks.filter((task) => context.access.allowsNode(task.node));
    const lines = tasks.map(
      (task) =>
        `${task.startedAt} ${task.node} ${task.type} ${task.id}: ${task.status === 'running' ? 'running' : task.exitStatus}`,
    );
    return {
      structured: { target: reply.target, tasks },
      summary: [`${tasks.length} tasks:`, ...lines].join('\n'),
    };
  },
});
