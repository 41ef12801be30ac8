import type { PveBoolean } from './pve-boolean';

export type PveClusterResourceType =
  'node' | 'storage' | 'pool' | 'qemu' | 'lxc' | 'openvz' | 'sdn' | 'network';

/** The `type` filter GET /cluster/resources accepts. */
export type PveClusterResourceFilter = 'vm' | 'storage' | 'node' | 'sdn';

/**
 * An item of GET /cluster/resources. One shape for every type, as the schema has
 * it; the comments say which types carry a field.
 */
export interface PveClusterResource {
  /** e.g. "qemu/100", "lxc/200", "node/pve1", "storage/pve1/local", "/pool/prod". */
  id: string;
  type: PveClusterResourceType;
  /** Cluster node name (node, storage, qemu, lxc). */
  node?: string;
  /**
   * Type-dependent status: running/stopped for guests (`unknown` while their node is
   * offline, and then without usage figures or name), online/offline for nodes,
   * available/unknown for storage.
   */
  status?: string;
  /** Guest or resource name. */
  name?: string;
  /** qemu, lxc. */
  vmid?: number;
  /** qemu, lxc. */
  template?: PveBoolean;
  /** qemu, lxc: tags separated by ';'. */
  tags?: string;
  /** qemu, lxc: the config lock, e.g. "backup". */
  lock?: string;
  /** qemu, lxc: the pool the guest belongs to; pool: the pool's name. */
  pool?: string;
  /** HA service state of HA-managed guests. */
  hastate?: string;
  /** CPU utilization, 0..1 (node, qemu, lxc). */
  cpu?: number;
  maxcpu?: number;
  /** Bytes (node, qemu, lxc). */
  mem?: number;
  maxmem?: number;
  /** Bytes, host view (qemu). */
  memhost?: number;
  /** Bytes used: storage usage, or a guest's root image usage. */
  disk?: number;
  maxdisk?: number;
  /** Seconds (node, qemu, lxc). */
  uptime?: number;
  netin?: number;
  netout?: number;
  diskread?: number;
  diskwrite?: number;
  /** storage. */
  storage?: string;
  /** storage: allowed content types, comma-separated. */
  content?: string;
  /** storage. */
  shared?: PveBoolean;
  /** More specific type, e.g. the storage plugin ("dir", "lvmthin"). */
  plugintype?: string;
  /** node. */
  level?: string;
  /** node. */
  'cgroup-mode'?: number;
  /** node. */
  'host-arch'?: 'x86_64' | 'aarch64';
  /** sdn: the SDN entity name. */
  sdn?: string;
  /** sdn. */
  'zone-type'?: string;
  /** network. */
  network?: string;
  /** network. */
  'network-type'?: 'fabric' | 'zone';
  /** network fabric. */
  protocol?: string;
}
