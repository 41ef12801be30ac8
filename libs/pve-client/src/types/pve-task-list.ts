import type { PveBoolean } from './pve-boolean';

/** An item of GET /nodes/{node}/tasks. */
export interface PveTaskListEntry {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  /** Epoch seconds. */
  starttime: number;
  /** Epoch seconds, once finished. */
  endtime?: number;
  /** Worker type, e.g. "qmstart", "vzdump". */
  type: string;
  /** The object the task works on, e.g. the vmid; '' for jobs over several guests. */
  id: string;
  /** The user; for token calls without the token name (see tokenid). */
  user: string;
  /** The token name of tasks started with an API token; PVE sends it although the schema omits it. */
  tokenid?: string;
  /** "OK", "WARNINGS: n", the error text, or "RUNNING" for active tasks. */
  status?: string;
}

export type PveTaskStatusType = 'ok' | 'warning' | 'error' | 'unknown';

/** The filters GET /nodes/{node}/tasks takes. */
export interface PveTaskListFilters {
  /** 'archive' (default: finished tasks), 'active' (running ones) or 'all'. */
  source?: 'archive' | 'active' | 'all';
  vmid?: number;
  /** A worker type, e.g. "vzdump". */
  typefilter?: string;
  /** Only failed tasks. */
  errors?: PveBoolean;
  statusfilter?: readonly PveTaskStatusType[];
  /** A substring of the user. */
  userfilter?: string;
  /** Epoch seconds. */
  since?: number;
  until?: number;
  /** Skip this many matching tasks. */
  start?: number;
  /** At most this many; PVE's default is 50. */
  limit?: number;
}

/** A line of GET /nodes/{node}/tasks/{upid}/log. */
export interface PveTaskLogLine {
  /** Line number, from 1. */
  n: number;
  t: string;
}

export interface PveTaskLogOptions {
  /** Skip this many lines. */
  start?: number;
  /** At most this many lines (PVE's default 50); 0 reads to the end. */
  limit?: number;
}
