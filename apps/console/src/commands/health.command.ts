import { bytes } from '../cli/format';
import { renderTable } from '../cli/table';
import { readPlatformHealth, type PlatformHealth } from '../diagnostics/platform-health';
import type { Colours } from '../cli/colours';
import type { CommandDefinition } from './command';

/** The health report as lines: NATS, each service's replicas and checks, streams and consumer lag. */
export function healthLines(health: PlatformHealth, colours: Colours, width: number): string[] {
  const mark = (ok: boolean) => colours.verdict(ok, ok ? 'ok' : 'FAIL');
  const checks = health.services.flatMap((service) =>
    service.replicas.length === 0
      ? [[service.service, '—', mark(false), service.problem ?? '']]
      : service.replicas.map((replica) => [
          service.service,
          replica.instance,
          mark(replica.status === 'ok'),
          Object.entries(replica.checks)
            .map(([name, check]) => `${name} ${check.ok ? '✓' : `✗ ${check.detail ?? ''}`}`.trim())
            .join(', '),
        ]),
  );
  const lagging = health.consumers.filter((consumer) => consumer.lagging || consumer.pending > 0);
  return [
    `${colours.bold('platform')} ${mark(health.ok)}`,
    `NATS ${health.nats.server} ${mark(health.nats.ok)}${health.nats.version ? ` v${health.nats.version}` : ''}` +
      `${health.nats.rttMs === undefined ? '' : `, rtt ${health.nats.rttMs} ms`}${health.nats.problem ? ` — ${health.nats.problem}` : ''}`,
    '',
    ...renderTable(
      [
        { header: 'SERVICE' },
        { header: 'REPLICA', shrink: true },
        { header: 'STATUS' },
        { header: 'CHECKS', shrink: true },
      ],
      checks,
      width,
    ),
    '',
    ...renderTable(
      [
        { header: 'STREAM' },
        { header: 'MESSAGES', align: 'right' },
        { header: 'SIZE', align: 'right' },
        { header: 'CONSUMERS', align: 'right' },
      ],
      health.streams.map((stream) => [
        stream.name,
        String(stream.messages),
        bytes(stream.bytes),
        String(stream.consumers),
      ]),
      width,
    ),
    '',
    ...(lagging.length === 0
      ? ['consumer lag: none (every durable consumer is caught up)']
      : renderTable(
          [
            { header: 'CONSUMER', shrink: true },
            { header: 'STREAM' },
            { header: 'PENDING', align: 'right' },
            { header: 'UNACKED', align: 'right' },
            { header: 'REDELIVERED', align: 'right' },
          ],
          lagging.map((consumer) => [
            consumer.lagging ? colours.yellow(consumer.name) : consumer.name,
            consumer.stream,
            String(consumer.pending),
            String(consumer.ackPending),
            String(consumer.redelivered),
          ]),
          width,
        )),
  ];
}

export const healthCommand: CommandDefinition = {
  name: 'health',
  summary:
    'Every service (each replica), NATS with its streams and consumer lag, PostgreSQL and each Proxmox cluster.',
  examples: ['/health', 'proxmox-mpc health --json'],
  notes: [
    'Exit code 1 when anything is unhealthy: a service with no replica answering, a failing check',
    '(nats, postgres, proxmox:<cluster>), or NATS/JetStream not answering. Lag alone is shown, not failed.',
  ],
  async run(context) {
    const health = await readPlatformHealth(context);
    return {
      ok: health.ok,
      data: health,
      lines: healthLines(health, context.terminal.colours, context.terminal.width),
    };
  },
};
