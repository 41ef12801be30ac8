import { Injectable } from '@nestjs/common';
import type { RawBatchFailures, RawBusMessage } from '@proxmox-mpc/bus';
import { AuditBatchWriter } from './audit-batch-writer';
import { toAuditRecord } from './audit-record';

/**
 * Records stored messages, whatever they hold, secrets redacted. Resolves once their rows
 * are committed, naming the messages whose row the log refused, so a message is
 * acknowledged after it is in the log, never before: a crash loses nothing.
 */
@Injectable()
export class RecordMessagesUseCase {
  constructor(private readonly writer: AuditBatchWriter) {}

  async execute(messages: readonly RawBusMessage[]): Promise<RawBatchFailures> {
    const written = await Promise.allSettled(
      messages.map(async (message) => this.writer.write(toAuditRecord(message))),
    );
    const failures = new Map<RawBusMessage, unknown>();
    written.forEach((result, index) => {
      if (result.status === 'rejected') failures.set(messages[index] as RawBusMessage, result.reason);
    });
    return failures;
  }
}
