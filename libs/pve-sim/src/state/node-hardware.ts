/** A block device of a node, in the shape GET /nodes/{node}/disks/list reports it. */
export interface PhysicalDisk {
  readonly devpath: string;
  readonly size: number;
  readonly model: string;
  readonly serial: string;
  readonly vendor?: string;
  readonly wwn?: string;
  /** `ssd`, `hdd`, `nvme`. */
  readonly type: 'ssd' | 'hdd' | 'nvme';
  /** SMART's verdict, e.g. `PASSED`. */
  readonly health: string;
  /** What uses it: `LVM`, `ZFS`, `ext4`, `partitions`; absent when unused. */
  readonly used?: string;
  readonly gpt: boolean;
  readonly mounted: boolean;
  /** Solid-state wear left in percent, or `N/A`. */
  readonly wearout: number | 'N/A';
  readonly rpm?: number;
}

/**
 * A file on the internet a node can fetch (`download-url`, `query-url-metadata`, pveam):
 * the simulator has no network, so what a URL serves is part of the scenario.
 */
export interface RemoteFile {
  readonly url: string;
  readonly size: number;
  readonly mimetype: string;
}

/** An entry of the appliance index pveam reads (`aplinfo.dat`), as GET …/aplinfo lists it. */
export interface ApplianceTemplate {
  readonly template: string;
  readonly os: string;
  readonly section: string;
  readonly package: string;
  readonly version: string;
  readonly headline: string;
  readonly description: string;
  readonly location: string;
  readonly sha512sum: string;
  readonly architecture: string;
}

/** A vzdump job of `jobs.cfg`, in the shape GET /cluster/backup reports it. */
export type BackupJob = Readonly<Record<string, string | number | Readonly<Record<string, number>>>>;
