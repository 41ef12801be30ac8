import { Inject, Injectable } from '@nestjs/common';
import { MessageBus, Outbox } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource } from 'typeorm';

export type ToolCallRecord = DataOf<typeof Subjects.mcpToolCalled>;

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
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly bus: MessageBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async record(record: ToolCallRecord, origin: Origin): Promise<void> {
    const envelope = this.bus.envelope(Subjects.mcpToolCalled, record, origin);
    try {
      await this.dataSource.transaction((manager) =>
        this.outbox.enqueue(manager, Subjects.mcpToolCalled, envelope),
      );
      void this.outbox.flush();
      return;
    } catch (error) {
      this.logger.warn(
        { err: error, tool: record.tool },
        'outbox refused the tool-call record; publishing it directly',
      );
    }
    try {
      await this.bus.publishEnvelope(Subjects.mcpToolCalled, envelope);
    } catch (error) {
      this.logger.error(
        { err: error, tool: record.tool, messageId: envelope.id },
        'tool-call record lost: neither the database nor the bus took it',
      );
    }
  }
}
