import { Subjects, type McpOperationSummary } from '@proxmox-mpc/contracts';
import { duration } from '../cli/format';
import { renderTable } from '../cli/table';
import { readPlatformHealth } from '../diagnostics/platform-health';
import { listTargets } from '../platform/lookups';
import type { CommandDefinition } from './command';

export const statusCommand: CommandDefinition = {
  name: 'status',
  summary: 'Clusters, nodes, guests, running operations, pending approvals and platform health at a glance.',
  examples: ['/status', 'proxmox-mpc status --json'],
  notes: ['Exit code 1 when the platform is unhealthy (see /health for the details).'],
  async run(context) {
    const bus = await context.platform.bus();
    const [targets, health, running, approvals] = await Promise.all([
      listTargets(context),
      readPlatformHealth(context),
      bus.query(Subjects.mcpOperationsList, { status: 'running' }, context.origin()),
      bus.query(Subjects.mcpApprovalsList, {}, context.origin()),
    ]);
    const clusters = await Promise.all(
      targets.map(async (target) => {
        const origin = context.origin(target.name);
        const [nodes, guests] = await Promise.all([
          bus.query(Subjects.proxmoxNodesList, {}, origin),
          bus.query(Subjects.proxmoxGuestsList, {}, origin),
        ]);
        const count = (status: string) => guests.guests.filter((guest) => guest.status === status).length;
        return {
          ...target,
          nodes: nodes.nodes.map((node) => ({ node: node.node, status: node.status, guests: node.guests })),
          guests: {
            total: guests.guests.length,
            running: count('running'),
            stopped: count('stopped'),
            other: guests.guests.length - count('running') - count('stopped'),
          },
          syncedAt: guests.syncedAt,
          ageMs: guests.ageMs,
        };
      }),
    );
    const { colours, width } = context.terminal;
    const unhealthy = health.services.filter((service) => !service.ok);
    const lines = [
      ...renderTable(
        [
          { header: 'CLUSTER' },
          { header: 'URL', shrink: true },
          { header: 'NODES', shrink: true },
          { header: 'GUESTS', align: 'right' },
          { header: 'RUNNING', align: 'right' },
          { header: 'STOPPED', align: 'right' },
          { header: 'SYNCED' },
        ],
        clusters.map((cluster) => [
          cluster.name,
          cluster.url,
          cluster.nodes
            .map((node) =>
              node.status === 'online' ? node.node : colours.red(`${node.node} (${node.status})`),
            )
            .join(' '),
          String(cluster.guests.total),
          String(cluster.guests.running),
          String(cluster.guests.stopped),
          `${duration(cluster.ageMs)} ago`,
        ]),
        width,
      ),
      '',
      `operations running: ${running.operations.length}${running.operations.length ? '' : ' (none)'}`,
      ...running.operations.map(
        (operation: McpOperationSummary) =>
          `  ${operation.operationId}  ${operation.summary}  (by ${operation.requestedBy})`,
      ),
      `approvals pending: ${approvals.approvals.length}${approvals.approvals.length ? ' — /approvals to decide' : ''}`,
      `platform: ${colours.verdict(health.ok, health.ok ? 'healthy' : 'UNHEALTHY')} — ` +
        `${health.services.length - unhealthy.length}/${health.services.length} services ok` +
        (unhealthy.length
          ? `; ${unhealthy.map((service) => `${service.service}: ${service.problem}`).join('; ')}`
          : ''),
    ];
    if (clusters.length === 0)
      lines.unshift('no Proxmox VE cluster is connected yet: /init connects one', '');
    return {
      ok: health.ok,
      data: {
        clusters,
        operations: running.operations,
        approvalsPending: approvals.approvals.length,
        health: {
          ok: health.ok,
          services: health.services.map(({ service, ok, problem }) => ({
            service,
            ok,
            ...(problem ? { problem } : {}),
          })),
        },
      },
      lines,
    };
  },
};
