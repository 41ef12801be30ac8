import type { NodeStorage, StorageContent } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';

/** A storage.cfg entry: what every node shares about a storage, and which nodes have it. */
export interface StorageConfigEntry {
  readonly storage: string;
  readonly type: NodeStorage['plugintype'];
  readonly content: readonly StorageContent[];
  readonly shared: boolean;
  readonly settings: Readonly<Record<string, string>>;
  /** Nodes the storage is enabled on. */
  readonly nodes: readonly string[];
}

/** The cluster-wide storage configuration, derived from the per-node storage records. */
export function storageConfig(state: SimulatorState): StorageConfigEntry[] {
  const byId = new Map<string, { first: NodeStorage; nodes: string[] }>();
  for (const record of state.storages()) {
    const entry = byId.get(record.storage) ?? { first: record, nodes: [] };
    entry.nodes.push(record.node);
    byId.set(record.storage, entry);
  }
  return [...byId.values()]
    .map(({ first, nodes }) => ({
      storage: first.storage,
      type: first.plugintype,
      content: [...first.content].sort() as StorageContent[],
      shared: first.shared,
      settings: first.settings ?? defaultSettings(first),
      nodes,
    }))
    .sort((a, b) => (a.storage < b.storage ? -1 : a.storage > b.storage ? 1 : 0));
}

/** What a fresh installation writes for its two storages. */
export function defaultSettings(storage: NodeStorage): Record<string, string> {
  switch (storage.plugintype) {
    case 'dir':
      return { path: storage.storage === 'local' ? '/var/lib/vz' : `/mnt/pve/${storage.storage}` };
    case 'lvmthin':
      return { vgname: 'pve', thinpool: 'data' };
    default:
      return {};
  }
}

/** The formats a storage type offers for new disks (the plugin's get_formats). */
export function storageFormats(type: NodeStorage['plugintype']): { supported: string[]; default: string } {
  switch (type) {
    case 'dir':
    case 'nfs':
      return { supported: ['qcow2', 'raw', 'vmdk'], default: 'raw' };
    case 'zfspool':
      return { supported: ['raw', 'subvol'], default: 'raw' };
    default:
      return { supported: ['raw'], default: 'raw' };
  }
}
