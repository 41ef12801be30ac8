import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnRawMessage, type RawBusMessage } from '@proxmox-mpc/bus';
import { AUDIT_BATCH_MAX } from './audit-batch-writer';
import { RecordMessageUseCase } from './record-message.use-case';

// As many messages in flight per consumer as a batch holds, so a burst fills batches.
const IN_FLIGHT = { concurrency: AUDIT_BATCH_MAX };

/** Records every command and every event, as stored, into the audit log. */
@Controller()
export class AuditIngestHandler {
  constructor(private readonly recordMessage: RecordMessageUseCase) {}

  @OnRawMessage('cmd.>', IN_FLIGHT)
  recordCommand(@Payload() message: RawBusMessage): Promise<void> {
    return this.recordMessage.execute(message);
  }

  @OnRawMessage('evt.>', IN_FLIGHT)
  recordEvent(@Payload() message: RawBusMessage): Promise<void> {
    return this.recordMessage.execute(message);
  }
}
