import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnRawMessage, type RawBusMessage } from '@proxmox-mpc/bus';
import { AuditLogRepository } from './audit-log.repository';
import { toAuditRecord } from './audit-record';

/** Records every command and every event, as stored, into the audit log. */
@Controller()
export class AuditIngestHandler {
  constructor(private readonly repository: AuditLogRepository) {}

  @OnRawMessage('cmd.>')
  async recordCommand(@Payload() message: RawBusMessage): Promise<void> {
    await this.repository.append(toAuditRecord(message));
  }

  @OnRawMessage('evt.>')
  async recordEvent(@Payload() message: RawBusMessage): Promise<void> {
    await this.repository.append(toAuditRecord(message));
  }
}
