import type { PveBoolean } from './pve-boolean';
import type { PveGuestType } from './pve-guest';

/** GET /nodes/{node}/status: the host's load, memory, root disk, kernel and PVE version. */
export interface PveNodeStatus {
  /** CPU utilization, 0..1. */
  cpu: number;
  /** Share of time waiting for I/O, 0..1. */
  wait?: number;
  /** Seconds. */
  uptime: number;
  /** 1, 5 and 15 minute load averages, as text. */
  loadavg: string[];
  cpuinfo: { model: string; cpus: number; cores: number; sockets: number; mhz?: string };
  /** Bytes. */
  memory: { total: number; used: number; free: number; available?: number };
  swap?: { total: number; used: number; free: number };
  rootfs: { total: number; used: number; free: number; avail: number };
  'current-kernel': { sysname: string; release: string; version: string; machine: string };
  /** `pve-manager/<version>/<repoid>`. */
  pveversion: string;
  'boot-info'?: { mode: 'efi' | 'legacy-bios'; secureboot?: PveBoolean };
}

/** The span an RRD series covers; `decade` only for nodes. */
export type PveRrdTimeframe = 'hour' | 'day' | 'week' | 'month' | 'year' | 'decade';

/** One point of a series: `time` (epoch seconds) and whatever the RRD holds then (absent while unknown). */
export type PveRrdPoint = { time: number } & Partial<Record<string, number>>;

/** Whose RRD: a node's, or a guest's. */
export type PveRrdSource = { node: string } | { node: string; type: PveGuestType; vmid: number };

/** An item of GET /cluster/ha/resources: the resources.cfg entry. */
export interface PveHaResource {
  /** `vm:100`, `ct:200`. */
  sid: string;
  type: 'vm' | 'ct';
  state?: 'started' | 'stopped' | 'enabled' | 'disabled' | 'ignored';
  comment?: string;
  max_restart?: number;
  max_relocate?: number;
  failback?: PveBoolean;
  digest?: string;
}

/** What POST /cluster/ha/resources takes. */
export interface PveHaResourceParams {
  /** `vm:100`, `ct:200`, or a VMID. */
  sid: string;
  state?: NonNullable<PveHaResource['state']>;
  comment?: string;
  max_restart?: number;
  max_relocate?: number;
}

/** An item of GET /cluster/ha/status/current. */
export interface PveHaStatusEntry {
  id: string;
  type: 'quorum' | 'master' | 'lrm' | 'service' | 'fencing';
  node: string;
  status: string;
  sid?: string;
  /** Services: the verbose state (`started`, `starting`, `stopped`, `error`, …). */
  state?: string;
  crm_state?: string;
  request_state?: string;
  quorate?: PveBoolean;
  'armed-state'?: 'armed' | 'standby' | 'disarming' | 'disarmed';
  /** Epoch seconds of the last update (master, LRMs). */
  timestamp?: number;
}

/** Where firewall options and rules live: the cluster, a node, or a guest. */
export type PveFirewallScope =
  | { kind: 'cluster' }
  | { kind: 'node'; node: string }
  | { kind: 'guest'; node: string; type: PveGuestType; vmid: number };

/** A firewall config's options (`enable`, `policy_in`, …) and its `digest`. */
export type PveFirewallOptions = Partial<Record<string, string | number>> & { digest?: string };

/** A rule as PVE lists it. */
export interface PveFirewallRule {
  pos: number;
  type: 'in' | 'out' | 'forward' | 'group';
  /** ACCEPT, DROP, REJECT, or a security group. */
  action: string;
  enable?: number;
  macro?: string;
  proto?: string;
  dport?: string;
  sport?: string;
  source?: string;
  dest?: string;
  iface?: string;
  log?: string;
  'icmp-type'?: string;
  comment?: string;
  ipversion?: number;
  /** The rule set's digest, for a delete that must not race another change. */
  digest?: string;
}

/** A new rule (PVE puts it first). */
export type PveNewFirewallRule = Omit<PveFirewallRule, 'pos' | 'ipversion' | 'digest' | 'enable'> & {
  enable?: boolean;
};

/** An item of GET /cluster/log. */
export interface PveClusterLogEntry {
  uid: number;
  /** Epoch seconds. */
  time: number;
  /** Syslog priority (3 error … 6 info). */
  pri: number;
  tag: string;
  pid: number;
  node: string;
  user: string;
  msg: string;
}

/** GET /nodes/{node}/syslog: the lines asked for, and how many the journal has. */
export interface PveSyslog {
  total: number;
  lines: Array<{ n: number; t: string }>;
}

export interface PveSyslogOptions {
  start?: number;
  limit?: number;
  /** `YYYY-MM-DD[ HH:MM[:SS]]`. */
  since?: string;
  until?: string;
  service?: string;
}

/** GET /nodes/{node}/storage/{storage}/content/{volume}. */
export interface PveVolumeInfo {
  path: string;
  /** Bytes. */
  size: number;
  used: number;
  format: string;
  /** Backups only. */
  notes?: string;
  protected?: PveBoolean;
}

/** An item of GET …/pending: a config key, its current value, and a change waiting for a restart. */
export interface PvePendingEntry {
  key: string;
  value?: string | number;
  pending?: string | number;
  /** 1: to be deleted, 2: to be deleted by force. */
  delete?: number;
}

/** GET …/agent/exec-status: the process, once it has exited with its captured output. */
export interface PveExecStatus {
  exited: PveBoolean;
  exitcode?: number;
  signal?: number;
  'out-data'?: string;
  'err-data'?: string;
  'out-truncated'?: PveBoolean;
  'err-truncated'?: PveBoolean;
}

/** GET /nodes/{node}/query-url-metadata: what the node learns from a HEAD request. */
export interface PveUrlMetadata {
  filename?: string;
  /** Bytes; absent when the server does not say. */
  size?: number;
  mimetype?: string;
}

/** POST /nodes/{node}/storage/{storage}/download-url. */
export interface PveDownloadParams {
  url: string;
  content: 'iso' | 'vztmpl' | 'import';
  filename: string;
  checksum?: string;
  'checksum-algorithm'?: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
  'verify-certificates'?: boolean;
}

/** Moving a disk (VM) or volume (container) to another storage. */
export interface PveMoveDiskParams {
  /** `scsi0`, `rootfs`, `mp0`, … */
  disk: string;
  storage: string;
  /** Remove the source after the copy; otherwise it stays as `unusedN`. */
  delete?: boolean;
}
