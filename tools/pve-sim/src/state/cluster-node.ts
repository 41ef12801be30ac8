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
}

/** A storage as configured for one node (`/cluster/resources` lists one entry per node). */
export interface NodeStorage {
  readonly node: string;
  readonly storage: string;
  readonly plugintype: 'dir' | 'lvmthin';
  /** Content types; PVE reports them comma-separated and sorted. */
  readonly content: readonly string[];
  readonly shared: boolean;
  readonly totalBytes: number;
  readonly usedBytes: number;
}
