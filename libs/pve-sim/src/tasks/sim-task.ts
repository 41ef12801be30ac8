/** A worker task, as PVE tracks it by its UPID. */
export interface SimTask {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  /** Epoch seconds. */
  readonly starttime: number;
  /** Worker type, e.g. `qmstart`, `vzshutdown`. */
  readonly type: string;
  /** The object the task works on, e.g. the vmid. */
  readonly id: string;
  /** The authenticated id as written into the UPID: `user@realm` or `user@realm!token`. */
  readonly user: string;
  status: 'running' | 'stopped';
  /** 'OK', 'WARNINGS: n' or the error text PVE writes after "TASK ERROR: "; set once stopped. */
  exitstatus?: string;
  /** Epoch seconds; set once stopped. */
  endtime?: number;
  /** The task log, one entry per line, ending with PVE's "TASK OK"/"TASK WARNINGS: n"/"TASK ERROR: …". */
  readonly log: string[];
}
