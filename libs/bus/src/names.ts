import { SubjectPrefixes } from '@proxmox-mpc/contracts';

/** Stream names and the subjects each one stores. */
export const Streams = {
  commands: { name: 'CMD', subjects: ['cmd.>'] },
  events: { name: 'EVT', subjects: ['evt.>'] },
  /**
   * Recent log records of every service, `log.<service>.<level>`: what a console reads in
   * any deployment (compose, Kubernetes), not only in `npm start`'s terminal. Records are
   * raw pino JSON lines, not envelopes: nothing acts on them, so audit does not read them.
   */
  logs: { name: 'LOG', subjects: ['log.>'] },
} as const;
export type StreamName = (typeof Streams)[keyof typeof Streams]['name'];

export const Headers = {
  messageId: 'Nats-Msg-Id',
  correlationId: 'correlation-id',
} as const;

/**
 * Where one service's records of one level go: `log.mcp-edge.error`; `*` for either
 * reads across them (`log.*.error`).
 */
export function logSubject(service: string, level: string): string {
  const token = (text: string) => (text === '*' ? text : text.replace(/[.*>\s]/g, '_'));
  return `log.${token(service)}.${token(level)}`;
}

/** The stream a command or event subject (or wildcard) lives in. */
export function streamForSubject(subject: string): StreamName {
  if (subject.startsWith(SubjectPrefixes.command)) return Streams.commands.name;
  if (subject.startsWith(SubjectPrefixes.event)) return Streams.events.name;
  throw new Error(`${subject} is neither a command (cmd.) nor an event (evt.) subject`);
}

/**
 * One durable consumer per service and subject filter: every replica of a service
 * binds to the same durable, so each message is handled by exactly one of them.
 */
export function durableName(service: string, filter: string): string {
  const slug = filter.replace(/\./g, '-').replace(/\*/g, 'any').replace(/>/g, 'all');
  return `${service}__${slug}`;
}

export const BusDefaults = {
  /**
   * Longest a handler may go without heartbeating (it does every third of this) before
   * JetStream redelivers: short, so a command whose service died is taken up by a new
   * replica within seconds; handlers are idempotent, so a stall that outlasts it only
   * costs a repeated check.
   */
  ackWaitMs: 6_000,
  /** Deliveries before a failing message is given up on and reported. */
  maxDeliver: 5,
  /** First retry delay; doubles per delivery up to `maxRetryDelayMs`. */
  retryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  /** Messages one replica works on at once per consumer. */
  concurrency: 16,
  /** A command older than this is refused: acting on a stale power-off is worse than failing. */
  commandMaxAgeMs: 15 * 60_000,
  /** JetStream de-duplicates publishes with the same Nats-Msg-Id inside this window. */
  duplicateWindowMs: 2 * 60_000,
  commandRetentionMs: 24 * 3_600_000,
  commandMaxBytes: 1024 ** 3,
  eventRetentionMs: 7 * 24 * 3_600_000,
  eventMaxBytes: 5 * 1024 ** 3,
  /**
   * Log records are kept a day and at most 256 MiB, whichever comes first: enough for an
   * operator to look back over an incident, bounded so chatty debug logging cannot fill
   * the disk JetStream shares with the commands and events.
   */
  logRetentionMs: 24 * 3_600_000,
  logMaxBytes: 256 * 1024 ** 2,
  /** A longer record is dropped rather than stored: a log line is not a payload store. */
  logMaxRecordBytes: 64 * 1024,
  /** One copy: right for a single server; a NATS cluster sets BUS_STREAM_REPLICAS=3. */
  streamReplicas: 1,
  queryTimeoutMs: 10_000,
  /** How long a query keeps asking while no service listens (one restarting) before saying so. */
  noResponderPatienceMs: 5_000,
} as const;
