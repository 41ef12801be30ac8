import { MetricsGetQuery, MetricsTimeframeSchema, NodeNameSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { withTarget } from '../read/query-target';
import { readTool, ToolError } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';

/** The mean of a series' values of one field, or undefined when no point has it. */
function mean(values: ReadonlyArray<number | undefined>): number | undefined {
  const present = values.filter((value): value is number => value !== undefined);
  return present.length ? present.reduce((sum, value) => sum + value, 0) / present.length : undefined;
}

export const getMetricsTool = readTool({
  name: 'get_metrics',
  title: 'Show usage over time',
  description:
    "A node's or a guest's CPU, memory, network and disk use over the last hour, day, week, month or year, " +
    'from Proxmox’s RRD, as one series of at most maxPoints points (averages, or peaks with consolidation "max").',
  input: z
    .object({
      target: TargetInput,
      node: NodeNameSchema.optional().describe("A node's own metrics; give this or guest"),
      guest: GuestInput.optional(),
      timeframe: MetricsTimeframeSchema.default('hour').describe('hour, day, week, month or year'),
      consolidation: z
        .enum(['average', 'max'])
        .optional()
        .describe('average (default) or max: the peak within each point'),
      maxPoints: z
        .number()
        .int()
        .min(10)
        .max(500)
        .optional()
        .describe('At most this many points (default 60)'),
    })
    .strict(),
  output: MetricsGetQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, node, guest, timeframe, consolidation, maxPoints }, context) {
    if ((node === undefined) === (guest === undefined)) {
      throw new ToolError(
        'INVALID_MESSAGE',
        "give either node (a node's metrics) or guest (a guest's), not both",
      );
    }
    const found = guest === undefined ? undefined : await resolveGuest(context, guest, target);
    if (node) context.access.assertNode(node);
    const reply = await context.bus.query(
      Subjects.proxmoxMetricsGet,
      {
        node: found?.node ?? (node as string),
        ...(found ? { vmid: found.vmid, type: found.type } : {}),
        timeframe,
        ...(consolidation ? { consolidation } : {}),
        ...(maxPoints ? { maxPoints } : {}),
      },
      withTarget(context.origin, found?.target ?? target),
    );
    const cpu = mean(reply.points.map((point) => point.cpu));
    const memory = mean(reply.points.map((point) => point.memoryUsedBytes));
    const who = found ? `${found.type} ${found.vmid} (${found.name})` : reply.node;
    return {
      structured: reply,
      summary:
        `${who}, last ${timeframe}: ${reply.points.length} points of ${reply.resolutionSeconds} s; ` +
        `mean CPU ${cpu === undefined ? 'n/a' : `${(cpu * 100).toFixed(1)}%`}, ` +
        `mean memory ${memory === undefined ? 'n/a' : `${(memory / 2 ** 30).toFixed(2)} GiB`}`,
    };
  },
});
