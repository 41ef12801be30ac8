import { createHash } from 'node:crypto';
import type { RouteDefinition } from '../../routes/route';
import { storageConfig } from './storage-config';

const STORAGE_TYPES = [
  'btrfs',
  'cephfs',
  'cifs',
  'dir',
  'esxi',
  'iscsi',
  'iscsidirect',
  'lvm',
  'lvmthin',
  'nfs',
  'pbs',
  'rbd',
  'zfs',
  'zfspool',
] as const;

/**
 * Source: pve-storage PVE/API2/Storage/Config.pm index. The storage.cfg entries the
 * caller may audit or allocate space on, each with its settings and the file's
 * digest (the schema declares only `storage`).
 */
export const storageIndexRoute: RouteDefinition = {
  method: 'GET',
  path: '/storage',
  parameters: { type: { type: 'string', optional: true, enum: STORAGE_TYPES } },
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const config = storageConfig(state);
    const digest = createHash('sha1').update(JSON.stringify(config)).digest('hex');
    const nodeCount = state.nodes().length;
    return config
      .filter((entry) =>
        access.check(`/storage/${entry.storage}`, ['Datastore.Audit', 'Datastore.AllocateSpace'], {
          any: true,
          noerr: true,
        }),
      )
      .filter((entry) => params['type'] === undefined || params['type'] === entry.type)
      .map((entry) => ({
        storage: entry.storage,
        type: entry.type,
        content: entry.content.join(','),
        ...entry.settings,
        ...(entry.shared && { shared: 1 }),
        ...(entry.nodes.length < nodeCount && { nodes: entry.nodes.join(',') }),
        digest,
      }));
  },
};
