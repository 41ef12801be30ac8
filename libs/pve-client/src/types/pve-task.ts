/** GET /nodes/{node}/tasks/{upid}/status. */
export interface PveTaskStatus {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  /** Epoch seconds. */
  starttime: number;
  /** Worker type, e.g. "qmstart". */
  type: string;
  /** The object the task works on, e.g. the vmid. */
  id: string;
  /** The user the task runs as ("root@pam"); for token calls without the token name. */
  user: string;
  status: 'running' | 'stopped';
  /** Once stopped: "OK", "WARNINGS: n", or the error text. */
  exitstatus?: string;
  /** The token name for tasks started with an API token; PVE sends it although the schema omits it. */
  tokenid?: string;
}
