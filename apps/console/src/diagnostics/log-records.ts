import { DeliverPolicy, jetstream, type JsMsg } from '@nats-io/jetstream';
import { logSubject, Streams, type MessageBus } from '@proxmox-mpc/bus';

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

/** One structured record a service logged (pino's JSON), as the LOG stream keeps it. */
export interface LogRecord {
  time: string;
  level: Level;
  service: string;
  msg?: string;
  correlation_id?: string;
  trace_id?: string;
  [field: string]: unknown;
}

export interface LogFilter {
  /** One service, or every one. */
  service?: string;
  /** This level and the more severe ones. */
  minLevel: Level;
  correlationId?: string;
  /** Records logged since this time. */
  since: Date;
}

// A fetch that returns nothing within this ends a read: the stream has no more for now
// (JetStream takes no shorter expiry).
const QUIET_MS = 1_000;
const BATCH = 500;

/**
 * The subjects that hold the records a filter wants: one per level (`log.<service>.<level>`),
 * as NATS 2.9 consumers take a single filter subject and levels are ordered, not named.
 */
function subjectsFor(filter: LogFilter): string[] {
  return LEVELS.slice(LEVELS.indexOf(filter.minLevel)).map((level) =>
    logSubject(filter.service ?? '*', level),
  );
}

function parse(message: JsMsg, filter: LogFilter): LogRecord | undefined {
  let record: LogRecord;
  try {
    record = message.json<LogRecord>();
  } catch {
    return undefined;
  }
  if (filter.correlationId && record.correlation_id !== filter.correlationId) return undefined;
  return record;
}

/**
 * Reads one subject of the LOG stream from `filter.since` with an ordered consumer (an
 * ephemeral, unacknowledged reader that takes nothing from anyone), handing each match to
 * `onRecord` with its stream sequence; stops once caught up, or runs on with `follow`
 * until `signal` aborts.
 */
async function readSubject(
  bus: MessageBus,
  subject: string,
  filter: LogFilter,
  options: { follow: boolean; signal: AbortSignal },
  onRecord: (record: LogRecord, seq: number) => void,
): Promise<void> {
  const consumer = await jetstream(bus.nats).consumers.get(Streams.logs.name, {
    filter_subjects: subject,
    deliver_policy: DeliverPolicy.StartTime,
    opt_start_time: filter.since.toISOString(),
  });
  while (!options.signal.aborted) {
    const batch = await consumer.fetch({ max_messages: BATCH, expires: options.follow ? 2_000 : QUIET_MS });
    const stop = () => void batch.stop();
    options.signal.addEventListener('abort', stop, { once: true });
    let received = 0;
    let caughtUp = false;
    try {
      for await (const message of batch) {
        received += 1;
        const record = parse(message, filter);
        if (record) onRecord(record, message.seq);
        caughtUp = message.info.pending === 0;
        // Nothing more is stored yet: a read that does not follow ends here, not at the expiry.
        if (caughtUp && !options.follow) batch.stop();
      }
    } finally {
      options.signal.removeEventListener('abort', stop);
    }
    if (!options.follow && (received === 0 || caughtUp)) return;
  }
}

/** The newest `limit` records that match, oldest first. */
export async function recentLogs(
  bus: MessageBus,
  filter: LogFilter,
  limit: number,
  signal: AbortSignal,
): Promise<LogRecord[]> {
  const found: Array<{ record: LogRecord; seq: number }> = [];
  await Promise.all(
    subjectsFor(filter).map((subject) =>
      readSubject(bus, subject, filter, { follow: false, signal }, (record, seq) =>
        found.push({ record, seq }),
      ),
    ),
  );
  return found
    .sort((a, b) => a.seq - b.seq)
    .slice(-limit)
    .map(({ record }) => record);
}

/** Every matching record logged from now on, as it arrives, until `signal` aborts. */
export async function followLogs(
  bus: MessageBus,
  filter: Omit<LogFilter, 'since'>,
  signal: AbortSignal,
  onRecord: (record: LogRecord) => void,
): Promise<void> {
  const live = { ...filter, since: new Date() };
  await Promise.all(
    subjectsFor(live).map((subject) =>
      readSubject(bus, subject, live, { follow: true, signal }, (record) => onRecord(record)),
    ),
  );
}
