import { LogReadQuery, LogReadRequestSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { withTarget } from '../read/query-target';
import { readTool, ToolError } from '../tool-definition';
import { TargetInput } from '../tool-inputs';

const { source, node, lines, since, service } = LogReadRequestSchema.shape;

export const readLogTool = readTool({
  name: 'read_log',
  title: 'Read the cluster log or a node’s syslog',
  description:
    'The newest lines (at most 500) of the cluster log (tasks and events of every node) or of one node’s system ' +
    'journal, optionally since a time and for one service such as pvedaemon, corosync or pve-cluster.',
  input: z
    .object({
      target: TargetInput,
      source: source.describe('cluster (the cluster log) or syslog (a node’s journal)'),
      node: node.describe('The node, for syslog'),
      lines: lines.describe('How many of the newest lines, 1-500 (default 100)'),
      since: since.describe('syslog: only lines since then, e.g. 2026-12-06T08:00:00Z'),
      service: service.describe('syslog: only this systemd unit, e.g. pvedaemon'),
    })
    .strict(),
  output: LogReadQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, ...request }, { bus, origin, access }) {
    if (request.source === 'syslog') {
      if (!request.node) throw new ToolError('INVALID_MESSAGE', 'node: give the node whose syslog to read');
      access.assertNode(request.node);
    } else if (!access.unrestricted) {
      throw new ToolError(
        'FORBIDDEN',
        `the cluster log covers every node and guest; ${access.actorId} is limited to some of them`,
      );
    }
    const reply = await bus.query(Subjects.proxmoxLogRead, request, withTarget(origin, target));
    const text = reply.entries.map((entry) =>
      entry.time
        ? `${entry.time} ${entry.node ?? ''} ${entry.user ? `<${entry.user}> ` : ''}${entry.text}`
        : entry.text,
    );
    return {
      structured: reply,
      summary: [
        `${reply.entries.length} lines of ${reply.source === 'cluster' ? 'the cluster log' : `${reply.node}'s syslog`}${reply.truncated ? ' (older lines exist)' : ''}:`,
        ...text,
      ].join('\n'),
    };
  },
});
