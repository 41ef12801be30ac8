export interface ClusterNode {
  readonly name: string;
  status: 'online' | 'offline';
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly rootfsBytes: number;
  /** Epoch milliseconds; uptime and task `pstart` values count from here. */
  readonly bootedAt: number;
  readonly sslFingerprint: string;
  /** Subscription level; '' is a node without subscription, as PVE reports it. */
  readonly supportLevel: string;
  /** The cluster network address corosync knows the node by (GET /cluster/status). */
  readonly ip?: string;
}

/** A storage as configured for one node (`/cluster/resources` lists one entry per node). */
export interface NodeStorage {
  readonly node: string;
  readonly storage: string;
  readonly plugintype: 'dir' | 'lvmthin' | 'nfs' | 'rbd' | 'zfspool';
  /** Content types; PVE reports them comma-separated and sorted. */
  readonly content: readonly string[];
  readonly shared: boolean;
  readonly totalBytes: number;
  readonly usedBytes: number;
  /** storage.cfg keys besides type, content and shared (`path`, `vgname`, `thinpool`, `server`, …). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** Content types PVE storages hold (pve-storage's `valid_content_types` of a directory storage plus import). */
export type StorageContent = 'images' | 'rootdir' | 'vztmpl' | 'iso' | 'backup' | 'snippets' | 'import';

/**
 * A file or volume on a storage that is not a guest disk: ISO images, container
 * templates, backups. Guest disks are read from the guests' configs instead, so
 * creating or deleting a guest shows up in the storage content by itself.
 */
export interface StorageVolume {
  /** The node whose (local) storage holds it. */
  readonly node: string;
  readonly storage: string;
  /** `<storage>:<volname>`, e.g. `local:iso/debian-12.9.0-amd64-netinst.iso`. */
  readonly volid: string;
  readonly content: Exclude<StorageContent, 'images' | 'rootdir'>;
  /** `iso`, `tzst`, `vma.zst`, `tar.zst`, … */
  readonly format: string;
  readonly size: number;
  /** Epoch seconds. */
  readonly ctime: number;
  /** The guest a backup belongs to. */
  readonly vmid?: number;
  /** Backups: `qemu` or `lxc` (PVE's archive_info type). */
  readonly subtype?: 'qemu' | 'lxc';
  readonly notes?: string;
  readonly protected?: boolean;
}

/** One entry of a node's /etc/network/interfaces, in the shape GET /nodes/{node}/network reports. */
export interface NetworkInterface {
  readonly iface: string;
  readonly type: 'eth' | 'bridge' | 'bond' | 'vlan';
  readonly method: 'manual' | 'static' | 'dhcp';
  readonly method6?: 'manual' | 'static' | 'dhcp' | 'auto';
  readonly autostart?: boolean;
  readonly active?: boolean;
  /** Physical NICs that exist on the host. */
  readonly exists?: boolean;
  /** `address/prefix`. */
  readonly cidr?: string;
  readonly gateway?: string;
  readonly bridgePorts?: string;
  readonly bridgeVlanAware?: boolean;
  readonly slaves?: string;
  readonly bondMode?: 'active-backup' | '802.3ad' | 'balance-rr';
  readonly vlanId?: number;
  readonly vlanRawDevice?: string;
  readonly comments?: string;
}

/** A resource pool (user.cfg `pool:` line): a named set of guests and storages. */
export interface ResourcePool {
  readonly poolid: string;
  readonly comment?: string;
  readonly vms: Set<number>;
  readonly storage: Set<string>;
}
