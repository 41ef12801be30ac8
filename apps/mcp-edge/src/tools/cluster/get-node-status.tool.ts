import { NodeNameSchema, NodeStatusSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { withTarget } from '../read/query-target';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';

const GIB = 2 ** 30;

export const getNodeStatusTool = readTool({
  name: 'get_node_status',
  title: 'Show a node',
  description:
    "A node's CPU, memory, swap and root disk use, load average, uptime, CPU model, kernel and Proxmox VE version, read live.",
  input: z.object({ target: TargetInput, node: NodeNameSchema.describe('The node, e.g. "pve1"') }).strict(),
  output: z.object({ target: z.string(), status: NodeStatusSchema }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, node }, { bus, origin, access }) {
    access.assertNode(node);
    const reply = await bus.query(Subjects.proxmoxNodeStatus, { node }, withTarget(origin, target));
    const status = reply.status;
    const days = Math.floor(status.uptimeSeconds / 86_400);
    return {
      structured: reply,
      summary:
        `${node}: CPU ${Math.round(status.cpuUsage * 100)}% of ${status.cpus} (${status.cpuModel}), load ${status.loadAverage.join(' ')}, ` +
        `memory ${(status.memoryUsedBytes / GIB).toFixed(1)}/${(status.memoryTotalBytes / GIB).toFixed(1)} GiB, ` +
        `root ${(status.rootUsedBytes / GIB).toFixed(1)}/${(status.rootTotalBytes / GIB).toFixed(1)} GiB, ` +
        `up ${days} days, kernel ${status.kernel}, ${status.pveVersion}`,
    };
  },
});
