export interface ParsedUpid {
  node: string;
  pid: number;
  pstart: number;
  /** Epoch seconds. */
  starttime: number;
  /** Worker type, e.g. "qmstart". */
  type: string;
  /** The object the task works on, e.g. the vmid; may be empty. */
  id: string;
  /** "user@realm", or "user@realm!token" for tasks started with an API token. */
  user: string;
}

// PVE::UPID::decode: UPID:$node:$pid:$pstart:$starttime:$type:$id:$user: with upper-case
// hex numbers; pstart may take a ninth digit after ~497 days of uptime.
const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/** Splits a PVE task id (UPID) into its fields; throws on anything that is not one. */
export function parseUpid(upid: string): ParsedUpid {
  const parsed = tryParseUpid(upid);
  if (!parsed) throw new Error(`not a Proxmox VE UPID: ${JSON.stringify(upid)}`);
  return parsed;
}

export function tryParseUpid(upid: unknown): ParsedUpid | undefined {
  const match = typeof upid === 'string' ? UPID_PATTERN.exec(upid) : null;
  if (!match) return undefined;
  const [, node, pid, pstart, starttime, type, id, user] = match;
  return {
    node,
    pid: Number.parseInt(pid, 16),
    pstart: Number.parseInt(pstart, 16),
    starttime: Number.parseInt(starttime, 16),
    type,
    id,
    user,
  };
}
