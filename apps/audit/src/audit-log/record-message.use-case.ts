import { Injectable } from '@nestjs/common';
import type { RawBusMessage } from '@proxmox-mpc/bus';
import { AuditBatchWriter } from './audit-batch-writer';
import { toAuditRecord } from './audit-record';

/**
 * Records one stored message, whatever it holds, secrets redacted. Resolves once its row
 * is committed (with the others written at the same time), so the message is
 * acknowledged after it is in the log, never before: a crash loses nothing.
 */
@Injectable()
export class RecordMessageUseCase {
  constructor(private readonly writer: AuditBatchWriter) {}

  execute(message: RawBusMessage): Promise<void> {
    return this.writer.write(toAuditRecord(message));
  }
}
