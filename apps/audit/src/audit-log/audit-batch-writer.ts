import { Injectable } from '@nestjs/common';
import { AuditLogStore } from './audit-log.store';
import type { AuditRecord } from './audit-message';

/** Rows per write: twice as many made ingest slower, not faster (docs/benchmarks.md). */
export const AUDIT_BATCH_MAX = 500;
/**
 * How long a record that arrives alone waits for others before it is written. Nobody
 * waits on it (the sender has its stream acknowledgement); at a hundred or so calls a
 * second, 25 ms instead of 5 writes a few rows at a time, and halves audit's CPU per call.
 */
const LINGER_MS = 25;

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Batch {
  pending: Pending[];
  records: AuditRecord[];
}

/**
 * Writes the records of messages handled at the same time with one COPY (one
 * transaction, one turn at the chain's lock) instead of one each. A caller's promise
 * settles only once its own row is committed, so the consumer acks a message after
 * its row is in the table, never before. While one batch is being written the next
 * gathers; once it is full the store chains it (`prepare`), and it is written as soon as
 * the first commits: hashing it costs no time the database is left waiting.
 */
@Injectable()
export class AuditBatchWriter {
  private queue: Pending[] = [];
  /** A full batch taken while another was being written, already handed to `prepare`. */
  private next: Batch | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;

  constructor(private readonly store: AuditLogStore) {}

  write(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.flushing) {
        if (this.next === undefined && this.queue.length >= AUDIT_BATCH_MAX) {
          this.next = this.take();
          this.store.prepare(this.next.records);
        }
        return;
      }
      if (this.queue.length >= AUDIT_BATCH_MAX) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), LINGER_MS);
    });
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.next !== undefined || this.queue.length > 0) {
        const batch = this.next ?? this.take();
        this.next = undefined;
        await this.insert(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** The oldest records, at most a batch. */
  private take(): Batch {
    const pending = this.queue.splice(0, AUDIT_BATCH_MAX);
    // Commands and events come from two consumers; within a batch, JetStream's storage
    // time puts a command before the events it caused.
    pending.sort((a, b) => storedTime(a.record) - storedTime(b.record));
    return { pending, records: pending.map((each) => each.record) };
  }

  private async insert({ pending, records }: Batch): Promise<void> {
    try {
      await this.store.append(records);
      for (const each of pending) each.resolve();
    } catch (error) {
      if (pending.length === 1) {
        pending[0]?.reject(error);
        return;
      }
      // One record the database refuses must not fail the rest of its batch: each is
      // tried alone, so only the bad one goes back to JetStream for redelivery.
      for (const each of pending) {
        await this.store.append([each.record]).then(each.resolve, each.reject);
      }
    }
  }
}

function storedTime(record: AuditRecord): number {
  return new Date(record.stored_at).getTime();
}
