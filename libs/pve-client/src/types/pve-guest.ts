import type { PveBoolean } from './pve-boolean';

export type PveGuestType = 'qemu' | 'lxc';

export type PveGuestRunState = 'stopped' | 'running';

/**
 * An item of GET /nodes/{node}/qemu or /nodes/{node}/lxc. The two lists share
 * most fields; those only one of them has are marked.
 */
export interface PveGuestListEntry {
  vmid: number;
  status: PveGuestRunState;
  name?: string;
  cpus?: number;
  /** CPU utilization, 0..1. */
  cpu?: number;
  /** Bytes. */
  mem?: number;
  maxmem?: number;
  maxdisk?: number;
  /** Seconds. */
  uptime?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  template?: PveBoolean;
  /** Tags separated by ';'. */
  tags?: string;
  /** The config lock, e.g. "backup". */
  lock?: string;
  pressurecpusome?: number;
  pressureiosome?: number;
  pressureiofull?: number;
  pressurememorysome?: number;
  pressurememoryfull?: number;
  /** qemu: bytes, host view. */
  memhost?: number;
  /** qemu: PID of the running QEMU process. */
  pid?: number;
  /** qemu. */
  pressurecpufull?: number;
  /** qemu, with `full` or in status/current: the QMP status, e.g. "running", "paused". */
  qmpstatus?: string;
  /** qemu, running. */
  'running-machine'?: string;
  /** qemu, running. */
  'running-qemu'?: string;
  /** qemu: a serial console is configured. */
  serial?: PveBoolean;
  /** lxc: root disk usage in bytes. */
  disk?: number;
  /** lxc: bytes. */
  maxswap?: number;
}

/** GET /nodes/{node}/{qemu|lxc}/{vmid}/status/current. */
export interface PveGuestStatus extends PveGuestListEntry {
  /** HA manager service status, e.g. `{ managed: 0 }`. */
  ha: Record<string, unknown>;
  /** qemu: the guest agent is enabled in the config. */
  agent?: PveBoolean;
  /** qemu: the VGA configuration supports SPICE. */
  spice?: PveBoolean;
  /** qemu. */
  clipboard?: 'vnc';
}
