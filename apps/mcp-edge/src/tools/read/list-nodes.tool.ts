import { NodeSummarySchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const listNodesTool = readTool({
  name: 'list_nodes',
  title: 'List nodes',
  description: 'The nodes of the Proxmox VE cluster with status, CPU, memory and guest counts.',
  input: z.object({ target: TargetInput }).strict(),
  output: z.object({
    target: z.string(),
    nodes: z.array(NodeSummarySchema),
    source: z.enum(['inventory', 'live']),
    ageMs: z.number(),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target }, { bus, origin, access }) {
    const reply = await bus.query(Subjects.proxmoxNodesList, {}, withTarget(origin, target));
    const nodes = reply.nodes.filter((node) => access.allowsNode(node.node));
    const lines = nodes.map(
      (node) =>
        `${node.node}: ${node.status}, ${node.guests} guests, ${node.cpus} CPUs, ` +
        `${Math.round(node.memoryUsedBytes / 2 ** 30)}/${Math.round(node.memoryBytes / 2 ** 30)} GiB memory`,
    );
    return {
      structured: { target: reply.target, nodes, source: reply.source, ageMs: reply.ageMs },
      summary: [
        `${nodes.length} nodes on ${reply.target} (as of ${Math.round(reply.ageMs / 1000)} s ago):`,
        ...lines,
      ].join('\n'),
    };
  },
});
