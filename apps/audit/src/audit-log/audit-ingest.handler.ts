import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnRawMessages, type RawBatchFailures, type RawBusMessage } from '@proxmox-mpc/bus';
import { AUDIT_BATCH_MAX } from './audit-batch-writer';
import { RecordMessagesUseCase } from './record-messages.use-case';

// Two batches' worth in flight per consumer: while one batch is written, the next gathers.
const IN_FLIGHT = { concurrency: 2 * AUDIT_BATCH_MAX };

/** Records every command and every event, as stored, into the audit log. */
@Controller()
export class AuditIngestHandler {
  constructor(private readonly recordMessages: RecordMessagesUseCase) {}

  @OnRawMessages('cmd.>', IN_FLIGHT)
  recordCommands(@Payload() messages: RawBusMessage[]): Promise<RawBatchFailures> {
    return this.recordMessages.execute(messages);
  }

  @OnRawMessages('evt.>', IN_FLIGHT)
  recordEvents(@Payload() messages: RawBusMessage[]): Promise<RawBatchFailures> {
    return this.recordMessages.execute(messages);
  }
}
