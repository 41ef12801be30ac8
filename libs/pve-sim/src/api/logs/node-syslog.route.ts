import { resolveProxyNode } from '../../http/proxy-to-node';
import { AttributedResult } from '../../http/responses';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import type { ClusterNode } from '../../state/cluster-node';
import { clusterLogEvents, type TaskLogEvent } from './task-log-events';

// Source: pve-manager PVE/API2/Nodes.pm syslog and pve-common PVE::Tools::dump_journal:
// `journalctl -o short` of the node, lines numbered from 1, `start` lines skipped, at
// most `limit` (default 50) returned, and the number of matching lines as `total`.

const JOURNAL_TIME = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
// Nodes.pm maps these names onto the systemd units they mean.
const SERVICE_ALIASES: Readonly<Record<string, string>> = { postfix: 'postfix@-', sshd: 'ssh' };

interface JournalEntry {
  /** Epoch seconds. */
  readonly time: number;
  readonly unit: string;
  readonly text: string;
}

/** journalctl's short format: `Dec 06 12:57:10 pve1 pvedaemon[1412]: …` (UTC here). */
function shortFormat(node: string, entry: JournalEntry): string {
  const date = new Date(entry.time * 1000);
  const day = String(date.getUTCDate()).padStart(2, '0');
  const clock = date.toISOString().slice(11, 19);
  return `${MONTHS[date.getUTCMonth()]} ${day} ${clock} ${node} ${entry.text}`;
}

/** What the node logged since it booted: its services coming up, then every API worker. */
function journal(node: ClusterNode, logged: readonly TaskLogEvent[]): JournalEntry[] {
  const boot = Math.floor(node.bootedAt / 1000);
  const entries: JournalEntry[] = [
    {
      time: boot,
      unit: 'kernel',
      text: `kernel: Linux version 6.14.11-4-pve (build@proxmox) #1 SMP PREEMPT_DYNAMIC`,
    },
    {
      time: boot + 4,
      unit: 'pve-cluster',
      text: 'pmxcfs[1021]: [main] notice: resolved node name to local IP',
    },
    {
      time: boot + 6,
      unit: 'corosync',
      text: 'corosync[1130]:   [MAIN  ] Corosync Cluster Engine starting up',
    },
    { time: boot + 9, unit: 'pvedaemon', text: 'pvedaemon[1410]: starting server' },
    { time: boot + 9, unit: 'pveproxy', text: 'pveproxy[1420]: starting server' },
    { time: boot + 11, unit: 'pve-ha-lrm', text: 'pve-ha-lrm[1501]: starting server' },
  ];
  for (const event of logged.filter((entry) => entry.node === node.name)) {
    entries.push({
      time: event.time,
      unit: event.tag,
      text: `${event.tag}[${event.pid}]: <${event.user}> ${event.msg}`,
    });
  }
  return entries.sort((a, b) => a.time - b.time);
}

/** journalctl's `--since`/`--until` take the node's local time; the simulated nodes run on UTC. */
function epochOf(value: string): number {
  return Math.floor(Date.parse(`${value.replace(' ', 'T')}Z`) / 1000);
}

export const nodeSyslogRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/syslog',
  parameters: {
    node: NODE_PARAMETER,
    start: { type: 'integer', optional: true, minimum: 0 },
    limit: { type: 'integer', optional: true, minimum: 0 },
    since: { type: 'string', optional: true, pattern: JOURNAL_TIME },
    until: { type: 'string', optional: true, pattern: JOURNAL_TIME },
    service: { type: 'string', optional: true, maxLength: 128 },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/nodes/{node}', ['Sys.Syslog']] },
  handle: ({ params }, { state }) => {
    const node = resolveProxyNode(state, params['node'] ?? '');
    const service =
      params['service'] === undefined ? undefined : (SERVICE_ALIASES[params['service']] ?? params['service']);
    const since = params['since'] === undefined ? undefined : epochOf(params['since']);
    const until = params['until'] === undefined ? undefined : epochOf(params['until']);
    const matching = journal(node, clusterLogEvents(state)).filter(
      (entry) =>
        (service === undefined || entry.unit === service) &&
        (since === undefined || entry.time >= since) &&
        (until === undefined || entry.time <= until),
    );
    const start = Number(params['start'] ?? 0);
    // dump_journal: a limit of 0 means its default.
    const limit = Number(params['limit'] ?? 0) || 50;
    const lines = matching
      .slice(start, start + limit)
      .map((entry, index) => ({ n: start + index + 1, t: shortFormat(node.name, entry) }));
    // ExtJS wants at least one line, so an empty journal reads "no content".
    if (matching.length === 0) return new AttributedResult([{ n: 1, t: 'no content' }], { total: 1 });
    return new AttributedResult(lines, { total: matching.length });
  },
};
