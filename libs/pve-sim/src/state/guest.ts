export type GuestType = 'qemu' | 'lxc';

export const GUEST_TYPES: readonly GuestType[] = ['qemu', 'lxc'];

export type GuestRunState = 'running' | 'stopped';

/**
 * A guest's configuration the way PVE stores it in
 * `/etc/pve/nodes/<node>/{qemu-server,lxc}/<vmid>.conf`: every value is a string
 * (`memory: 4096`, `scsi0: local-lvm:vm-100-disk-0,size=32G`, `tags: prod;web`).
 * Keeping PVE's own keys lets later config/clone/snapshot endpoints return it as is.
 */
export type GuestConfig = Record<string, string>;

export interface Guest {
  readonly vmid: number;
  readonly type: GuestType;
  node: string;
  config: GuestConfig;
  status: GuestRunState;
  /** Epoch milliseconds of the last start, while running. */
  startedAt?: number;
  /** Host PID of the QEMU or LXC monitor process, while running. */
  pid?: number;
  /**
   * The snapshot sections of the config file (`[name]` after the current config), by
   * name; each holds the config as it was plus `snaptime`, `description`, `parent`.
   */
  snapshots?: Record<string, GuestConfig>;
  /** qemu: paused by `status/suspend` (status stays 'running', QMP reports 'paused'). */
  paused?: boolean;
  /** qemu: epoch milliseconds from which the QEMU guest agent answers, after a start. */
  agentReadyAt?: number;
}

/** The path PVE names in "Configuration file '…' does not exist". */
export function guestConfigPath(type: GuestType, node: string, vmid: number): string {
  return `nodes/${node}/${type === 'qemu' ? 'qemu-server' : 'lxc'}/${vmid}.conf`;
}

/** PVE's `guest_type()`: the word it uses in messages such as "VM is locked (backup)". */
export function guestKind(type: GuestType): 'VM' | 'CT' {
  return type === 'qemu' ? 'VM' : 'CT';
}
