import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';

export type ToolCallRecord = DataOf<typeof Subjects.mcpToolCalled>;

/** The bus, for the one case a record cannot go through the outbox. */
export type DirectPublisher = Pick<MessageBus, 'envelope' | 'publishEnvelope'>;

/**
 * Writes the `evt.mcp.tool.called` record of every call before the caller gets its
 * answer. Through the outbox, so a bus that is away (a NATS restart, an outage longer
 * than any publish timeout) delays the record instead of losing it; the relay publishes
 * it when the bus is back. Only when the database refuses the row is it published
 * directly, so one outage at a time never loses a record.
 */
@Injectable()
export class ToolCallRecorder {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    @Inject(MessageBus) private readonly bus: DirectPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(record: ToolCallRecord, origin: Origin): Promise<void> {
    // One id whichever way it leaves: should the database have kept the row after all,
    // JetStream drops the second copy.
    const id = randomUUID();
    try {
      await this.transactions.run((tx) => this.outbox.add(tx, Subjects.mcpToolCalled, record, origin, id));
      void this.outbox.flush();
      return;
    } catch (error) {
      this.logger.warn(
        { err: error, tool: record.tool },
        'outbox refused the tool-call record; publishing it directly',
      );
    }
    try {
      await this.bus.publishEnvelope(
        Subjects.mcpToolCalled,
        this.bus.envelope(Subjects.mcpToolCalled, record, origin, id),
      );
    } catch (error) {
      this.logger.error(
        { err: error, tool: record.tool, messageId: id },
        'tool-call record lost: neither the database nor the bus took it',
      );
    }
  }
}
