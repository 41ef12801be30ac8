import type { PveBoolean } from './pve-boolean';

/** What a storage may hold. */
export type PveStorageContentType =
  'images' | 'rootdir' | 'vztmpl' | 'iso' | 'backup' | 'snippets' | 'import';

/**
 * An item of GET /storage: a storage.cfg entry. The schema declares only `storage`;
 * PVE sends the whole entry, whose keys depend on the storage type.
 */
export interface PveStorageConfig {
  storage: string;
  /** The plugin: dir, lvmthin, nfs, rbd, zfspool, pbs, … */
  type?: string;
  /** Allowed content types, comma-separated. */
  content?: string;
  /** Set for storages every node reaches. */
  shared?: PveBoolean;
  /** Nodes the storage is restricted to, comma-separated; absent means all. */
  nodes?: string;
  disable?: PveBoolean;
  /** The digest of storage.cfg, for optimistic locking of updates. */
  digest?: string;
  /** Plugin-specific settings (path, vgname, thinpool, server, export, pool, …). */
  [setting: string]: string | number | boolean | undefined;
}

/** GET /nodes/{node}/storage/{storage}/status: a storage's state and usage on one node. */
export interface PveStorageStatus {
  type: string;
  /** Allowed content types, comma-separated. */
  content: string;
  enabled?: PveBoolean;
  active?: PveBoolean;
  shared?: PveBoolean;
  /** Bytes. */
  total?: number;
  used?: number;
  avail?: number;
}

/** An item of GET /nodes/{node}/storage. */
export interface PveNodeStorage extends PveStorageStatus {
  storage: string;
  /** used / total. */
  used_fraction?: number;
  /** With `format`: the formats new disks may use there. */
  formats?: { supported: string[]; default: string };
}

/** An item of GET /nodes/{node}/storage/{storage}/content. */
export interface PveStorageVolume {
  /** "<storage>:<volname>", e.g. "local:iso/debian-12.iso", "local-lvm:vm-100-disk-0". */
  volid: string;
  /** raw, qcow2, subvol, iso, tzst, vma.zst, … */
  format: string;
  /** PVE's list_volumes always sets it, although the schema leaves it out. */
  content: PveStorageContentType;
  /** Bytes. */
  size?: number;
  'approximate-size'?: number;
  used?: number;
  /** The guest a disk or backup belongs to. */
  vmid?: number;
  /** Epoch seconds. */
  ctime?: number;
  /** The base volume of a linked clone. */
  parent?: string;
  /** Backups: the first line of their notes. */
  notes?: string;
  protected?: PveBoolean;
  /** Backups: qemu or lxc. */
  subtype?: string;
  encrypted?: string;
  verification?: { state: string; upid: string };
}

export interface PveStorageListOptions {
  /** Only storages that may hold one of these content types (and are enabled). */
  content?: PveStorageContentType | readonly PveStorageContentType[];
  /** Only storages enabled on the node. */
  enabled?: boolean;
}

export interface PveStorageContentOptions {
  content?: PveStorageContentType;
  /** Only volumes of this guest. */
  vmid?: number;
}
