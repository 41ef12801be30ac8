import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';

export type ToolCallRecord = DataOf<typeof Subjects.mcpToolCalled>;

/** What the recorder uses of the bus: building the record, and publishing it while connected. */
export type RecordPublisher = Pick<MessageBus, 'envelope' | 'publishEnvelope' | 'isConnected'>;

/**
 * How long a record waits for JetStream's acknowledgement before it goes to the outbox
 * instead: well above a healthy acknowledgement (under a millisecond on a quiet server,
 * tens under heavy load), short enough that a call answered as the bus goes away is not
 * held long. A late acknowledgement and the outbox's copy carry the same id, so
 * JetStream keeps one.
 */
const ACK_TIMEOUT_MS = 2_000;

/**
 * Makes the `evt.mcp.tool.called` record of every call durable before the caller gets its
 * answer: stored in the `EVT` stream (JetStream acknowledged it, which is also when the
 * outbox relay would consider it sent), or, when the bus is away or does not
 * acknowledge in time, written to the outbox, which the relay publishes when the bus is
 * back. So an outage of either the bus or the database delays nothing and loses nothing;
 * only with both away at once is a record lost, and that is logged.
 */
@Injectable()
export class ToolCallRecorder {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    @Inject(MessageBus) private readonly bus: RecordPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(record: ToolCallRecord, origin: Origin): Promise<void> {
    const envelope = this.bus.envelope(Subjects.mcpToolCalled, record, origin);
    if (this.bus.isConnected()) {
      try {
        await this.bus.publishEnvelope(Subjects.mcpToolCalled, envelope, undefined, {
          ackTimeoutMs: ACK_TIMEOUT_MS,
        });
        return;
      } catch (error) {
        this.logger.warn(
          { err: error, tool: record.tool, messageId: envelope.id },
          'the bus did not take the tool-call record; keeping it in the outbox',
        );
      }
    }
    try {
      await this.transactions.run((tx) =>
        this.outbox.add(tx, Subjects.mcpToolCalled, record, origin, envelope.id),
      );
      void this.outbox.flush();
    } catch (error) {
      this.logger.error(
        { err: error, tool: record.tool, messageId: envelope.id },
        'tool-call record lost: neither the bus nor the database took it',
      );
    }
  }
}
