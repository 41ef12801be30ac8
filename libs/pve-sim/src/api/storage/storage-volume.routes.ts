import type { PermissionEvaluator } from '../../auth/permission-evaluator';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition, RouteParameters } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import type { NodeStorage, StorageVolume } from '../../state/cluster-node';
import type { SimulatorState } from '../../state/simulator-state';
import {
  guestVolumeInfo,
  nodeStorage,
  parseVolumeId,
  referencedVolids,
  volumeContentType,
} from '../guests/guest-volumes';
import { guestDiskVolumes } from './guest-disk-volumes';
import { defaultSettings } from './storage-config';

// Sources: pve-storage PVE/API2/Storage/Content.pm (info, updateattributes, delete and
// $real_volume_id), PVE/Storage.pm (check_volume_access, vdisk_free) and the plugins'
// free_image and volume attribute handling. Only backups have notes and protection.

/** One volume as the storage layer sees it. */
interface FoundVolume {
  readonly volid: string;
  readonly volname: string;
  readonly storage: NodeStorage;
  readonly format: string;
  readonly size: number;
  readonly owner?: number;
  /** A file (ISO, template, backup); guest disks live in the configs that use them. */
  readonly file?: StorageVolume;
}

const VOLUME_PARAMETERS: RouteParameters = {
  node: NODE_PARAMETER,
  storage: { type: 'string', format: 'pve-storage-id', optional: true },
  volume: { type: 'string' },
};

/** $real_volume_id: `storage:volname`, or a bare volname with the `storage` parameter. */
function realVolumeId(storage: string | undefined, volume: string): { volid: string; storageId: string } {
  if (volume.includes(':')) {
    const parsed = parseVolumeId(volume);
    if (!parsed) throw PveHttpError.parameters({ volume: `unable to parse volume ID '${volume}'` });
    if (storage && parsed.storage !== storage)
      throw PveHttpError.parameters({ volume: `storage ID mismatch (${parsed.storage} != ${storage})` });
    return { volid: volume, storageId: parsed.storage };
  }
  if (!storage) throw PveHttpError.parameters({ volume: 'no storage specified - incomplete volume ID' });
  return { volid: `${storage}:${volume}`, storageId: storage };
}

function locate(
  state: SimulatorState,
  node: string,
  volid: string,
  storageId: string,
): FoundVolume | undefined {
  const storage = nodeStorage(state, node, storageId);
  const volname = volid.slice(storageId.length + 1);
  const file = state.volume(node, volid);
  if (file) {
    return {
      volid,
      volname,
      storage,
      format: file.format,
      size: file.size,
      file,
      ...(file.vmid !== undefined && { owner: file.vmid }),
    };
  }
  if (state.isFreed(volid)) return undefined;
  for (const guest of state.guests()) {
    if (!storage.shared && guest.node !== node) continue;
    const disk = guestDiskVolumes(guest).find((candidate) => candidate.volid === volid);
    if (disk) return { volid, volname, storage, format: disk.format, size: disk.size, owner: disk.vmid };
  }
  return undefined;
}

/** PVE::Storage::check_volume_access for a caller that is not root@pam. */
function checkVolumeAccess(
  access: PermissionEvaluator,
  storageId: string,
  content: string,
  owner: number | undefined,
): void {
  const path = `/storage/${storageId}`;
  if (content === 'iso' || content === 'vztmpl' || content === 'import') {
    access.check(path, ['Datastore.AllocateSpace', 'Datastore.Audit'], { any: true });
  } else if (content === 'backup' && owner !== undefined) {
    access.check(path, ['Datastore.AllocateSpace']);
    access.check(`/vms/${owner}`, ['VM.Backup']);
  } else if ((content === 'images' || content === 'rootdir') && owner !== undefined) {
    access.check(path, ['Datastore.Audit']);
    access.check(`/vms/${owner}`, ['VM.Config.Disk']);
  } else {
    access.check(path, ['Datastore.Allocate']);
  }
}

/** The volume's path on the node (PVE::Storage::path). */
function pathOf(volume: FoundVolume): string {
  const { storage, volname } = volume;
  if (storage.plugintype === 'lvmthin')
    return `/dev/${storage.settings?.['vgname'] ?? 'pve'}/${volname.split('/').at(-1)}`;
  if (storage.plugintype === 'rbd') return `/dev/rbd-pve/${storage.storage}/${volname.split('/').at(-1)}`;
  if (storage.plugintype === 'zfspool') return `/dev/zvol/rpool/data/${volname.split('/').at(-1)}`;
  const root =
    storage.settings?.['path'] ?? defaultSettings(storage)['path'] ?? `/mnt/pve/${storage.storage}`;
  const [kind, ...rest] = volname.split('/');
  const directory = {
    iso: 'template/iso',
    vztmpl: 'template/cache',
    backup: 'dump',
    snippets: 'snippets',
    import: 'import',
  }[kind ?? ''];
  return directory ? `${root}/${directory}/${rest.join('/')}` : `${root}/images/${volname}`;
}

/** What volume_size_info says about a volume that is not there. */
function missing(volume: { volid: string; storage: NodeStorage; volname: string }): Error {
  if (volume.storage.plugintype === 'lvmthin') {
    return new Error(
      `no such logical volume ${volume.storage.settings?.['vgname'] ?? 'pve'}/${volume.volname.split('/').at(-1)}`,
    );
  }
  return new Error(`volume_size_info on '${volume.volid}' failed - no format`);
}

/** The request's volume: where it is, what it holds and whose it is, found or not. */
function resolved(state: SimulatorState, params: Readonly<Record<string, string>>) {
  const node = resolveProxyNode(state, params['node'] ?? '');
  const { volid, storageId } = realVolumeId(params['storage'], params['volume'] ?? '');
  const storage = nodeStorage(state, node.name, storageId);
  const volname = volid.slice(storageId.length + 1);
  try {
    const found = locate(state, node.name, volid, storageId);
    const content = volumeContentType(storage.plugintype, volname);
    const owner =
      found?.owner ?? guestVolumeInfo(volname.split('/').at(-1) ?? '')?.owner ?? backupOwner(volname);
    return { node, volid, storageId, storage, found, volname, content, owner };
  } catch (error: unknown) {
    throw PveHttpError.failed((error as Error).message);
  }
}

/** The request's volume for GET and PUT, which a caller must be allowed to see and which must exist. */
function existingVolume(
  state: SimulatorState,
  params: Readonly<Record<string, string>>,
  access: PermissionEvaluator,
) {
  const volume = resolved(state, params);
  checkVolumeAccess(access, volume.storageId, volume.content, volume.owner);
  if (!volume.found) throw PveHttpError.failed(missing(volume).message);
  return { ...volume, found: volume.found };
}

const volumeInfoRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/storage/{storage}/content/{volume}',
  parameters: VOLUME_PARAMETERS,
  restOfPath: true,
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const { storage, found, content } = existingVolume(state, params, access);
    const backup = content === 'backup';
    return {
      path: pathOf(found),
      size: found.size,
      used: storage.plugintype === 'lvmthin' ? Math.round(found.size * 0.42) : found.size,
      format: found.format,
      ...(backup && { notes: found.file?.notes ?? '', protected: found.file?.protected ? 1 : 0 }),
    };
  },
};

const volumeAttributesRoute: RouteDefinition = {
  method: 'PUT',
  path: '/nodes/{node}/storage/{storage}/content/{volume}',
  parameters: {
    ...VOLUME_PARAMETERS,
    notes: { type: 'string', optional: true },
    protected: { type: 'boolean', optional: true },
  },
  restOfPath: true,
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, access }, { state }) => {
    const { found, content } = existingVolume(state, params, access);
    const file = found.file;
    for (const attribute of ['notes', 'protected'] as const) {
      if (params[attribute] === undefined) continue;
      if (!file || content !== 'backup') {
        throw PveHttpError.failed(
          attribute === 'notes'
            ? 'only backups can have notes'
            : `only backups support attribute '${attribute}'`,
        );
      }
    }
    if (file) {
      const notes = params['notes'] ?? file.notes;
      const isProtected = params['protected'] === undefined ? file.protected : params['protected'] === '1';
      state.addVolume({
        ...withoutAttributes(file),
        ...(notes && { notes }),
        ...(isProtected && { protected: true }),
      });
    }
    return null;
  },
};

/** vdisk_free: what stops a volume from going, in the storage layer's words. */
function assertFreeable(state: SimulatorState, volume: FoundVolume): void {
  const info = guestVolumeInfo(volume.volname);
  if (info?.isBase) {
    const prefix = `${volume.volid}/`;
    if (
      state.guests().some((guest) => [...referencedVolids(guest)].some((volid) => volid.startsWith(prefix)))
    )
      throw new Error(`base volume '${volume.volname}' is still in use by linked clones`);
  }
  if (volume.file?.protected)
    throw new Error(`cannot remove protected volume '${volume.volname}' on '${volume.storage.storage}'`);
}

const volumeDeleteRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/nodes/{node}/storage/{storage}/content/{volume}',
  parameters: { ...VOLUME_PARAMETERS, delay: { type: 'integer', optional: true, minimum: 1, maximum: 30 } },
  restOfPath: true,
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: async ({ params, access, identity }, { state, tasks }) => {
    const { node, volid, storageId, storage, found, volname, content, owner } = resolved(state, params);
    if (content === 'backup' && owner !== undefined) {
      access.check(`/storage/${storageId}`, ['Datastore.AllocateSpace']);
      access.check(`/vms/${owner}`, ['VM.Backup']);
    } else {
      access.check(`/storage/${storageId}`, ['Datastore.Allocate']);
    }
    const task = tasks.start({
      node,
      type: 'imgdel',
      id: owner === undefined ? storageId : `${owner}@${storageId}`,
      user: identity.authId,
      work: (context) => {
        if (!found) {
          if (storage.plugintype === 'lvmthin')
            throw new Error(
              `lvremove '${storage.settings?.['vgname'] ?? 'pve'}/${volname}' error:   Failed to find logical volume "${storage.settings?.['vgname'] ?? 'pve'}/${volname}"`,
            );
          context.warn(`disk image '${volid}' does not exist`);
          return;
        }
        assertFreeable(state, found);
        if (found.file) state.removeVolume(node.name, volid);
        else state.freeGuestVolume(volid);
        if (storage.plugintype === 'lvmthin')
          context.log(`  Logical volume "${volname.split('/').at(-1)}" successfully removed.`);
        context.log(`Removed volume '${volid}'`);
      },
    });
    const delay = params['delay'];
    if (delay === undefined) return task.upid;
    // Waits up to `delay` seconds; a task that ended in that time answers null, or its error.
    const deadline = Date.now() + Number(delay) * 1000;
    while (task.status === 'running' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    if (task.status === 'running') return task.upid;
    if (task.exitstatus === 'OK' || task.exitstatus?.startsWith('WARNINGS')) return null;
    throw PveHttpError.failed(task.exitstatus ?? 'unexpected status');
  },
};

/** A file without its notes and protection, which an update sets anew. */
function withoutAttributes(file: StorageVolume): StorageVolume {
  const copy: { -readonly [K in keyof StorageVolume]?: StorageVolume[K] } = { ...file };
  delete copy.notes;
  delete copy.protected;
  return copy as StorageVolume;
}

/** A backup archive names its guest: `backup/vzdump-qemu-102-….vma.zst`. */
function backupOwner(volname: string): number | undefined {
  const match = /^backup\/vzdump-(?:qemu|lxc|openvz)-(\d+)-/.exec(volname);
  return match ? Number(match[1]) : undefined;
}

export const storageVolumeRoutes: readonly RouteDefinition[] = [
  volumeInfoRoute,
  volumeAttributesRoute,
  volumeDeleteRoute,
];
