import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnRawMessage, type RawBusMessage } from '@proxmox-mpc/bus';
import { AUDIT_BATCH_MAX, AuditBatchWriter } from './audit-batch-writer';
import { toAuditRecord } from './audit-record';

// As many messages in flight per consumer as a batch holds, so a burst fills batches.
const IN_FLIGHT = { concurrency: AUDIT_BATCH_MAX };

/** Records every command and every event, as stored, into the audit log. */
@Controller()
export class AuditIngestHandler {
  constructor(private readonly writer: AuditBatchWriter) {}

  @OnRawMessage('cmd.>', IN_FLIGHT)
  async recordCommand(@Payload() message: RawBusMessage): Promise<void> {
    await this.writer.write(toAuditRecord(message));
  }

  @OnRawMessage('evt.>', IN_FLIGHT)
  async recordEvent(@Payload() message: RawBusMessage): Promise<void> {
    await this.writer.write(toAuditRecord(message));
  }
}
