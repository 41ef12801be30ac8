import type { PveClusterResource } from './pve-cluster-resource';

/** An item of GET /pools. */
export interface PvePoolEntry {
  poolid: string;
  comment?: string;
}

/** GET /pools/{poolid}: a pool and its members (guests and storages, as /cluster/resources shows them). */
export interface PvePool {
  poolid: string;
  comment?: string;
  members: PvePoolMember[];
}

export type PvePoolMember = PveClusterResource & {
  type: 'qemu' | 'lxc' | 'openvz' | 'storage';
  node: string;
};
