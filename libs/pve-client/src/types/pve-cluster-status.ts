import type { PveBoolean } from './pve-boolean';

/** An item of GET /cluster/status: one `cluster` entry, then one per member node. */
export type PveClusterStatusEntry = PveClusterStatusCluster | PveClusterStatusNode;

export interface PveClusterStatusCluster {
  type: 'cluster';
  id: 'cluster';
  name: string;
  /** Member nodes, offline ones included. */
  nodes?: number;
  /** corosync.conf's config_version. */
  version?: number;
  /** Whether a majority of nodes is online, so the cluster can make changes. */
  quorate?: PveBoolean;
}

export interface PveClusterStatusNode {
  type: 'node';
  /** "node/<name>". */
  id: string;
  name: string;
  /** corosync node id. */
  nodeid?: number;
  ip?: string;
  /** Whether this is the node that answered. */
  local?: PveBoolean;
  online?: PveBoolean;
  /** Subscription level; '' without one. */
  level?: string;
}
