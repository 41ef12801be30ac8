import type { PveBoolean } from './pve-boolean';
import type { PveLxcConfigOptions, PveQemuConfigOptions, PveRawConfig } from './pve-guest-config';

/** POST …/clone. */
export interface PveCloneParams {
  /** The vmid of the copy. */
  newid: number;
  /** The copy's name; for a container its hostname (sent as `hostname` unless that is given). */
  name?: string;
  /** lxc: the copy's hostname. */
  hostname?: string;
  description?: string;
  /** Copy every disk (default for normal guests) or link to a template's base images (default for templates). */
  full?: PveBoolean;
  /** Clone from this snapshot instead of the current state. */
  snapname?: string;
  /** Target storage of a full clone. */
  storage?: string;
  /** qemu, full clone: the target disk format. */
  format?: 'raw' | 'qcow2' | 'vmdk';
  /** Another node; needs the guest on shared storage. */
  target?: string;
  pool?: string;
  /** KiB/s. */
  bwlimit?: number;
}

/** POST …/migrate. */
export interface PveMigrateParams {
  target: string;
  /** qemu: live migration of a running VM; lxc: not implemented by PVE (the task fails). */
  online?: PveBoolean;
  /** qemu: also move local disks of a running VM. */
  'with-local-disks'?: PveBoolean;
  /** lxc: shut a running container down, move it, start it on the target. */
  restart?: PveBoolean;
  /** lxc restart mode: seconds to wait for the shutdown. */
  timeout?: number;
  /** qemu, root@pam only: migrate a VM with local devices. */
  force?: PveBoolean;
  /** KiB/s. */
  bwlimit?: number;
}

/** DELETE /nodes/{node}/{type}/{vmid}. */
export interface PveDeleteGuestOptions {
  /** Also remove the guest from backup jobs, replication and HA. */
  purge?: PveBoolean;
  /** Also destroy disks with the guest's vmid that no config references. */
  'destroy-unreferenced-disks'?: PveBoolean;
  /** lxc: stop a running container first. */
  force?: PveBoolean;
  /** qemu, root@pam only: ignore the lock. */
  skiplock?: PveBoolean;
}

/** A disk size: PVE's text (`32G`, `+10G`), or bytes to grow by / set to. */
export type PveResizeSize = string | { readonly growBy: number } | { readonly to: number };

/** An item of GET …/snapshot; the last one is always `current` (the guest as it is now). */
export interface PveSnapshot {
  /** The snapshot name, or 'current'. */
  name: string;
  description: string;
  /** Epoch seconds. */
  snaptime?: number;
  /** The snapshot it was taken after. */
  parent?: string;
  /** qemu: the snapshot includes RAM. */
  vmstate?: PveBoolean;
  /** An unfinished snapshot: 'prepare' or 'delete'. */
  snapstate?: string;
  /** `current` only: the config digest. */
  digest?: string;
  /** `current` only: whether the guest runs. */
  running?: PveBoolean;
}

/** POST …/snapshot. */
export interface PveCreateSnapshotParams {
  /** A letter, then letters, digits, '_' or '-'; at most 40. */
  snapname: string;
  description?: string;
  /** qemu: also save the RAM of a running VM (a rollback then resumes it). */
  vmstate?: PveBoolean;
}

export type PveBackupMode = 'snapshot' | 'suspend' | 'stop';
export type PveBackupCompression = '0' | '1' | 'gzip' | 'lzo' | 'zstd';

/** POST /nodes/{node}/vzdump. */
export interface PveBackupParams {
  /** Guests to back up, or PVE's list text "100,101" (those on other nodes are skipped by this node). */
  vmid?: number | readonly number[] | string;
  /** Every guest on the node. */
  all?: PveBoolean;
  /** With `all`: guests to leave out. */
  exclude?: readonly number[];
  /** Every guest of the pool. */
  pool?: string;
  /** Default 'local'. */
  storage?: string;
  mode?: PveBackupMode;
  compress?: PveBackupCompression;
  /** e.g. "{{guestname}} before upgrade"; needs `storage`. */
  'notes-template'?: string;
  /** Keep the backup from pruning and removal; needs `storage`. */
  protected?: PveBoolean;
  /** Prune older backups per the storage's retention. */
  remove?: PveBoolean;
  /** KiB/s. */
  bwlimit?: number;
}

/**
 * Restoring a backup: POST /nodes/{node}/qemu with `archive`, or /nodes/{node}/lxc with
 * the archive as `ostemplate` and `restore`. Config options given here override the
 * backed-up config (no disks for VMs).
 */
export type PveRestoreParams = {
  /** The guest to restore as; an existing one only with `force`. */
  vmid: number;
  /** The vzdump archive, e.g. "local:backup/vzdump-qemu-100-2025_01_31-02_00_05.vma.zst". */
  archive: string;
  /** Overwrite an existing guest with this vmid (it must be stopped and not protected). */
  force?: PveBoolean;
  /** Where the disks go; by default where they were (containers: PVE's default 'local'). */
  storage?: string;
  /** New MAC addresses. */
  unique?: PveBoolean;
  pool?: string;
  start?: PveBoolean;
  /** KiB/s. */
  bwlimit?: number;
} & (PveQemuConfigOptions | PveLxcConfigOptions | PveRawConfig);

/** One address of a guest interface, as the QEMU guest agent reports it. */
export interface PveAgentIpAddress {
  'ip-address-type': 'ipv4' | 'ipv6';
  'ip-address': string;
  prefix: number;
}

/** An interface as QEMU's guest-network-get-interfaces reports it. */
export interface PveAgentNetworkInterface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses'?: PveAgentIpAddress[];
  statistics?: Record<string, number>;
}
