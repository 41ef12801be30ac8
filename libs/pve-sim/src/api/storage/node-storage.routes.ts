import type { PermissionEvaluator } from '../../auth/permission-evaluator';
import { splitList } from '../../formats/value-checks';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { NodeStorage, StorageContent } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import { guestDiskVolumes } from './guest-disk-volumes';
import { type StorageConfigEntry, storageConfig, storageFormats } from './storage-config';

// Sources: pve-storage PVE/API2/Storage/Status.pm (index, read_status),
// PVE/API2/Storage/Content.pm (index), PVE/Storage.pm (storage_info, volume_list,
// check_volume_access) and PVE/Storage/Plugin.pm (list_volumes).

const STORAGE_ID = { type: 'string', format: 'pve-storage-id' } as const;
const AUDIT_OR_ALLOCATE = ['Datastore.Audit', 'Datastore.AllocateSpace'] as const;
// The order volume_list asks the plugin for content types in.
const CONTENT_ORDER: readonly StorageContent[] = [
  'rootdir',
  'images',
  'vztmpl',
  'iso',
  'backup',
  'snippets',
  'import',
];

type StorageInfo = Record<string, string | number | object>;

/** storage_info for one storage as `node` sees it: enabled and active where it is configured. */
function storageInfo(
  entry: StorageConfigEntry,
  record: NodeStorage | undefined,
  withFormats: boolean,
): StorageInfo {
  const info: StorageInfo = {
    type: entry.type,
    content: entry.content.join(','),
    shared: entry.shared ? 1 : 0,
    enabled: record ? 1 : 0,
    active: record ? 1 : 0,
    total: record?.totalBytes ?? 0,
    used: record?.usedBytes ?? 0,
    avail: record ? record.totalBytes - record.usedBytes : 0,
  };
  if (withFormats && record) {
    const formats = storageFormats(entry.type);
    info['formats'] = formats;
    // Deprecated since 9.0, still sent: [{format: 1, …}, default].
    info['format'] = [Object.fromEntries(formats.supported.map((format) => [format, 1])), formats.default];
  }
  return info;
}

function recordOn(state: SimulatorState, node: string, storage: string): NodeStorage | undefined {
  return state.storages().find((record) => record.node === node && record.storage === storage);
}

export const nodeStorageIndexRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/storage',
  parameters: {
    node: NODE_PARAMETER,
    storage: { ...STORAGE_ID, optional: true },
    content: { type: 'string', format: 'pve-storage-content-list', optional: true },
    enabled: { type: 'boolean', optional: true },
    target: { ...NODE_PARAMETER, optional: true },
    format: { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  // Lists only storages the caller may audit or allocate space on.
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const node = params['node'] ?? '';
    const wanted = params['content'] === undefined ? undefined : splitList(params['content']);
    const target = params['target'] !== undefined && params['target'] !== node ? params['target'] : undefined;
    const config = storageConfig(state).filter((entry) => {
      // With a content filter storage_info keeps only enabled storages holding one of the types.
      if (!wanted) return true;
      return entry.content.some((type) => wanted.includes(type)) && entry.nodes.includes(node);
    });
    if (params['storage'] !== undefined && !config.some((entry) => entry.storage === params['storage'])) {
      throw PveHttpError.parameters({ storage: 'No such storage.' });
    }
    return config
      .filter((entry) => canList(access, entry.storage))
      .filter((entry) => params['storage'] === undefined || params['storage'] === entry.storage)
      .filter((entry) => params['enabled'] !== '1' || entry.nodes.includes(node))
      .filter(
        (entry) => !target || (entry.shared && entry.nodes.includes(node) && entry.nodes.includes(target)),
      )
      .map((entry) => {
        const record = recordOn(state, node, entry.storage);
        const info = storageInfo(entry, record, params['format'] === '1');
        if (record && record.totalBytes > 0) info['used_fraction'] = record.usedBytes / record.totalBytes;
        return { storage: entry.storage, ...info };
      });
  },
};

export const storageStatusRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/storage/{storage}/status',
  parameters: { node: NODE_PARAMETER, storage: STORAGE_ID },
  proxyToNode: true,
  permissions: { check: ['perm', '/storage/{storage}', [...AUDIT_OR_ALLOCATE], 'any', 1] },
  handle: ({ params }, { state }) => {
    const entry = storageConfig(state).find((candidate) => candidate.storage === params['storage']);
    if (!entry) throw PveHttpError.parameters({ storage: 'No such storage.' });
    return storageInfo(entry, recordOn(state, params['node'] ?? '', entry.storage), false);
  },
};

export const storageContentRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/storage/{storage}/content',
  parameters: {
    node: NODE_PARAMETER,
    storage: STORAGE_ID,
    content: { type: 'string', format: 'pve-storage-content', optional: true },
    vmid: { ...VMID_PARAMETER, optional: true },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/storage/{storage}', [...AUDIT_OR_ALLOCATE], 'any', 1] },
  handle: ({ params, access }, { state }) => {
    const node = params['node'] ?? '';
    const storage = params['storage'] ?? '';
    const entry = storageConfig(state).find((candidate) => candidate.storage === storage);
    if (!entry) throw PveHttpError.failed(`storage '${storage}' does not exist`);
    if (!entry.nodes.includes(node)) {
      throw PveHttpError.failed(`storage '${storage}' is not available on node '${node}'`);
    }
    const vmid = params['vmid'] === undefined ? undefined : Number(params['vmid']);
    const requested = params['content'] as StorageContent | undefined;
    const types = CONTENT_ORDER.filter(
      (type) => entry.content.includes(type) && (requested === undefined || requested === type),
    );
    const items = listVolumes(state, node, entry, types, vmid);
    return items
      .filter((item) => mayAccess(access, storage, item))
      .sort((a, b) => compareText(String(a['volid']).toLowerCase(), String(b['volid']).toLowerCase()));
  },
};

function listVolumes(
  state: SimulatorState,
  node: string,
  entry: StorageConfigEntry,
  types: readonly StorageContent[],
  vmid: number | undefined,
): StorageInfo[] {
  const items: StorageInfo[] = [];
  const record = recordOn(state, node, entry.storage);
  const ctime = Math.floor((state.node(node)?.bootedAt ?? Date.now()) / 1000);
  if (types.includes('images') || types.includes('rootdir')) {
    for (const guest of state.guests()) {
      if (!entry.shared && guest.node !== node) continue;
      for (const disk of guestDiskVolumes(guest)) {
        if (disk.storage !== entry.storage || !types.includes(disk.content) || state.isFreed(disk.volid))
          continue;
        if (vmid !== undefined && disk.vmid !== vmid) continue;
        items.push({
          volid: disk.volid,
          format: disk.format,
          size: disk.size,
          vmid: disk.vmid,
          // A stable creation time per disk, before the node's last boot.
          ctime: ctime - (disk.vmid % 86_400),
          content: disk.content,
          ...(record?.plugintype === 'dir' && { used: Math.round(disk.size * 0.4) }),
        });
      }
    }
  }
  for (const volume of state.volumes(node, entry.storage)) {
    if (!types.includes(volume.content)) continue;
    // ISO images and templates belong to no guest; a vmid filter leaves them out.
    if (vmid !== undefined && volume.vmid !== vmid) continue;
    items.push({
      volid: volume.volid,
      format: volume.format,
      size: volume.size,
      ctime: volume.ctime,
      content: volume.content,
      ...(volume.vmid !== undefined && { vmid: volume.vmid }),
      ...(volume.content === 'backup' && { subtype: volume.subtype ?? 'unknown' }),
      ...(volume.notes !== undefined && { notes: volume.notes.split('\n', 1)[0] ?? '' }),
      ...(volume.protected && { protected: 1 }),
    });
  }
  return items;
}

function canList(access: PermissionEvaluator, storage: string): boolean {
  return access.check(`/storage/${storage}`, [...AUDIT_OR_ALLOCATE], { any: true, noerr: true });
}

/** check_volume_access: guest disks and backups also need rights on the guest they belong to. */
function mayAccess(access: PermissionEvaluator, storage: string, item: StorageInfo): boolean {
  const path = `/storage/${storage}`;
  if (access.check(path, ['Datastore.Allocate'], { noerr: true })) return true;
  const owner = item['vmid'];
  switch (item['content']) {
    case 'iso':
    case 'vztmpl':
    case 'import':
      return canList(access, storage);
    case 'backup':
      return (
        owner !== undefined &&
        access.check(path, ['Datastore.AllocateSpace'], { noerr: true }) &&
        access.check(`/vms/${String(owner)}`, ['VM.Backup'], { noerr: true })
      );
    case 'images':
    case 'rootdir':
      return (
        owner !== undefined &&
        access.check(path, ['Datastore.Audit'], { noerr: true }) &&
        access.check(`/vms/${String(owner)}`, ['VM.Config.Disk'], { noerr: true })
      );
    default:
      return false;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const nodeStorageRoutes: readonly RouteDefinition[] = [
  nodeStorageIndexRoute,
  storageStatusRoute,
  storageContentRoute,
];
