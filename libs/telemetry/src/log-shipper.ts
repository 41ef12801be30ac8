import type { DestinationStream } from 'pino';
import { Metrics } from './metrics';

/** Hands one record (a JSON line) and its level label to wherever records are kept. */
export type ShipRecord = (level: string, line: string) => void;

// Records logged before the bus is connected (start-up) wait here; a service that never
// connects keeps only the newest, as stdout has them all anyway.
const PENDING_LIMIT = 1_000;
const LEVEL = /"level":"([a-z]+)"/;

/**
 * A second destination for the logger, beside stdout: every record is handed to `ship`
 * once one is attached (the bus, in service-runtime), so people can read recent records
 * wherever the service runs. Best effort by design: it never blocks the caller, never
 * throws, and never logs (a failure to ship logged through the logger would ship again);
 * a record it cannot hand over is counted in `mpc_log_records_dropped_total` and dropped.
 */
export class LogShipper implements DestinationStream {
  private ship: ShipRecord | undefined;
  private pending: Array<{ level: string; line: string }> = [];

  write(line: string): void {
    const level = LEVEL.exec(line)?.[1] ?? 'info';
    const record = line.endsWith('\n') ? line.slice(0, -1) : line;
    if (!this.ship) {
      if (this.pending.length >= PENDING_LIMIT) {
        this.pending.shift();
        Metrics.logRecordsDropped.inc();
      }
      this.pending.push({ level, line: record });
      return;
    }
    this.send(this.ship, level, record);
  }

  /** Starts shipping, first the records that waited. */
  attach(ship: ShipRecord): void {
    this.ship = ship;
    const waiting = this.pending;
    this.pending = [];
    for (const { level, line } of waiting) this.send(ship, level, line);
  }

  /** Stops shipping (before the connection closes); later records go to stdout only. */
  detach(): void {
    this.ship = undefined;
    this.pending = [];
  }

  private send(ship: ShipRecord, level: string, line: string): void {
    try {
      ship(level, line);
    } catch {
      Metrics.logRecordsDropped.inc();
    }
  }
}
