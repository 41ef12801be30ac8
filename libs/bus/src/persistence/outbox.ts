import type { Envelope } from '@proxmox-mpc/contracts';
import type { Logger } from '@proxmox-mpc/telemetry';
import type { DataSource, EntityManager } from 'typeorm';
import { HandlerError } from '../errors';
import type { MessageBus, TraceCarrier } from '../message-bus';

interface OutboxRow {
  seq: string;
  subject: string;
  /** The envelope as stored, JSON. */
  envelope: string;
  id: string;
  type: string;
  correlation_id: string;
  trace_headers: TraceCarrier;
}

const RELAY_BATCH = 100;
/** Room left in a message for its headers (the id, the trace, the correlation id). */
const HEADERS_ALLOWANCE_BYTES = 16 * 1024;
/** Catches rows a crashed replica committed but never published. */
const SWEEP_INTERVAL_MS = 2_000;
const PRUNE_INTERVAL_MS = 10 * 60_000;
const PUBLISHED_RETENTION = '1 hour';
const INBOX_RETENTION = '2 days';

/**
 * Transactional outbox: `enqueue` writes events inside the caller's transaction;
 * `flush` publishes committed rows in order. Rows are claimed with SKIP LOCKED so
 * replicas share the work, and a publish repeated after a crash is dropped by
 * JetStream's de-duplication on the envelope id.
 */
export class Outbox {
  private flushing: Promise<void> | undefined;
  private again = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
  ) {}

  async enqueue(manager: EntityManager, subject: string, envelope: Envelope): Promise<void> {
    await this.enqueueMany(manager, [{ subject, envelope }]);
  }

  /** Writes many messages in one statement (a full inventory sync announces thousands). */
  async enqueueMany(
    manager: EntityManager,
    messages: ReadonlyArray<{ subject: string; envelope: Envelope }>,
  ): Promise<void> {
    if (messages.length === 0) return;
    const batch = JSON.stringify(messages);
    this.refuseTooLarge(messages, batch);
    const trace = JSON.stringify(this.bus.captureTrace());
    // One JSON array rather than text[] parameters: pg would escape every quote of every
    // envelope to write the array literals.
    await manager.query(
      `INSERT INTO bus_outbox (message_id, subject, envelope, trace_headers)
       SELECT m->'envelope'->>'id', m->>'subject', m->'envelope', $2::jsonb
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(m, position) ORDER BY position`,
      [batch, trace],
    );
  }

  /**
   * A row NATS would refuse could never be relayed, and the relay publishes in order:
   * every row after it would wait for ever. Refused here instead, inside the caller's
   * transaction, which then writes nothing. All of `batch` fitting says each fits.
   */
  private refuseTooLarge(
    messages: ReadonlyArray<{ subject: string; envelope: Envelope }>,
    batch: string,
  ): void {
    const limit = this.bus.maxPayloadBytes - HEADERS_ALLOWANCE_BYTES;
    if (Buffer.byteLength(batch) <= limit) return;
    for (const { subject, envelope } of messages) {
      const bytes = Buffer.byteLength(JSON.stringify(envelope));
      if (bytes > limit) {
        throw new HandlerError(
          'INVALID_MESSAGE',
          `${subject} would be ${bytes} bytes, more than the ${limit} NATS takes in one message`,
          false,
        );
      }
    }
  }

  start(): void {
    this.sweepTimer = setInterval(() => void this.flush(), SWEEP_INTERVAL_MS);
    this.pruneTimer = setInterval(
      () =>
        void this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'outbox prune failed')),
      PRUNE_INTERVAL_MS,
    );
    this.sweepTimer.unref();
    this.pruneTimer.unref();
    void this.flush();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    clearInterval(this.pruneTimer);
    await this.flushing;
  }

  /** Publishes everything committed so far; concurrent calls coalesce into one more pass. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        try {
          while ((await this.publishBatch()) === RELAY_BATCH);
        } catch (error) {
          this.logger.warn({ err: error }, 'outbox relay failed; will retry');
        }
      } while (this.again);
    })().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Deletes published outbox rows and old inbox ids. */
  async prune(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM bus_outbox WHERE published_at < now() - interval '${PUBLISHED_RETENTION}'`,
    );
    await this.dataSource.query(
      `DELETE FROM bus_inbox WHERE processed_at < now() - interval '${INBOX_RETENTION}'`,
    );
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // The envelope as text: it is sent as stored, never decoded here.
      const rows: OutboxRow[] = await manager.query(
        `SELECT seq, subject, envelope::text AS envelope, envelope->>'id' AS id, envelope->>'type' AS type,
                envelope->>'correlationId' AS correlation_id, trace_headers
           FROM bus_outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED`,
      );
      // Sent back to back on the one connection, which keeps their order, then acknowledged together.
      await Promise.all(
        rows.map((row) =>
          this.bus.publishEncoded(
            row.subject,
            { id: row.id, type: row.type, correlationId: row.correlation_id },
            row.envelope,
            row.trace_headers,
          ),
        ),
      );
      await manager.query(`UPDATE bus_outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      return rows.length;
    });
  }
}
