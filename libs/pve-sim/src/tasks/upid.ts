export interface UpidFields {
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
}

// Written from PVE's Perl, not shared with libs/pve-client's parser on purpose: the
// simulator is the client's test oracle, and shared code would let one bug pass both.
// PVE::UPID::decode; pstart may take a ninth hex digit after ~497 days of node uptime.
const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

/** PVE::UPID::encode: `UPID:$node:%08X pid:%08X pstart:%08X starttime:$type:$id:$user:`. */
export function formatUpid(fields: UpidFields): string {
  const hex = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');
  const { node, pid, pstart, starttime, type, id, user } = fields;
  return `UPID:${node}:${hex(pid)}:${hex(pstart)}:${hex(starttime)}:${type}:${id}:${user}:`;
}

export function decodeUpid(upid: string): UpidFields | undefined {
  const match = UPID_PATTERN.exec(upid);
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
