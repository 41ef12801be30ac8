import {
  LXC_MOUNTPOINT_FORMAT,
  LXC_ROOTFS_FORMAT,
  LXC_UNUSED_FORMAT,
  QEMU_DRIVE_FORMAT,
} from '../../formats/guest-property-formats';
import { formatSize, parseSize } from '../../formats/disk-size';
import {
  type PropertyFormat,
  type PropertyValues,
  parsePropertyString,
  printPropertyString,
} from '../../formats/property-string';
import { PveHttpError } from '../../http/pve-http-error';
import type { NodeStorage } from '../../state/cluster-node';
import { volumeSizeBytes } from '../../state/guest-resources';
import type { Guest, GuestConfig, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import { storageConfig } from '../storage/storage-config';
import { isVolumeKey } from './guest-config-keys';

// Guest disks as PVE's storage layer names them: `local-lvm:vm-100-disk-0` (a guest's
// own volume), `local-lvm:base-9000-disk-0` (a template's base image) and
// `local-lvm:base-9000-disk-0/vm-150-disk-0` (a linked clone of it). The disks exist in
// the guest configs only; a new name is the first one no config on that storage uses.

const GIB = 1024 ** 3;
// qemu-server Drive.pm $NEW_DISK_RE / pve-container $NEW_DISK_RE: `[<storage>:]<size in GiB>`.
const NEW_DISK = /^(?:([^/:\s]+):)?(\d+(?:\.\d+)?)$/;
const CLOUDINIT_DISK = /^(?:([^/:\s]+):)?cloudinit$/;
const VOLUME_ID = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i;
const GUEST_VOLUME_NAME =
  /^(?:\d+\/)?(?:(base)-(\d+)-[^/]+\/(?:\d+\/)?)?(vm|base)-(\d+)-(?:disk-\d+|cloudinit)(?:\.(?:raw|qcow2|vmdk))?$/;

export interface VolumeId {
  readonly storage: string;
  readonly volname: string;
}

/** PVE::Storage::parse_volume_id. */
export function parseVolumeId(volid: string): VolumeId | undefined {
  const match = VOLUME_ID.exec(volid);
  return match ? { storage: match[1] ?? '', volname: match[2] ?? '' } : undefined;
}

/** The owner and kind of a guest volume name, as PVE's parse_volname reads it. */
export function guestVolumeInfo(volname: string): { owner: number; isBase: boolean } | undefined {
  const match = GUEST_VOLUME_NAME.exec(volname);
  return match ? { owner: Number(match[4]), isBase: match[3] === 'base' } : undefined;
}

export function volumeFormat(type: GuestType, key: string): PropertyFormat {
  if (type === 'qemu') return QEMU_DRIVE_FORMAT;
  if (key === 'rootfs') return LXC_ROOTFS_FORMAT;
  return key.startsWith('unused') ? LXC_UNUSED_FORMAT : LXC_MOUNTPOINT_FORMAT;
}

/** The property string's volume key: qemu drives name it `file`, containers `volume`. */
export function volumeKeyOf(type: GuestType): 'file' | 'volume' {
  return type === 'qemu' ? 'file' : 'volume';
}

/** One volume-holding config entry, parsed. */
export interface GuestDisk {
  readonly key: string;
  readonly volid: string;
  readonly values: PropertyValues;
  readonly sizeBytes?: number;
  /** qemu CD-ROM drives (ISO images, `none`, cloud-init) are not disks to copy or resize. */
  readonly cdrom: boolean;
  readonly cloudinit: boolean;
}

export function parseDisk(type: GuestType, key: string, value: string): GuestDisk {
  const values = parsePropertyString(volumeFormat(type, key), value, key);
  const volid = values[volumeKeyOf(type)] ?? '';
  const size = values['size'] === undefined ? undefined : parseSize(values['size']);
  const cloudinit = /(?:^|[:/])(?:vm-\d+-)?cloudinit$/.test(volid);
  return {
    key,
    volid,
    values,
    ...(size !== undefined && { sizeBytes: size }),
    cdrom: type === 'qemu' && (values['media'] === 'cdrom' || cloudinit),
    cloudinit,
  };
}

export function printDisk(type: GuestType, key: string, values: PropertyValues): string {
  return printPropertyString(values, volumeFormat(type, key));
}

/** Every volume entry of a config (current, or one snapshot's). */
export function configDisks(type: GuestType, config: GuestConfig): GuestDisk[] {
  return Object.keys(config)
    .filter((key) => isVolumeKey(type, key))
    .sort()
    .map((key) => parseDisk(type, key, config[key] ?? ''));
}

/** Volume ids a guest references anywhere: its config, its snapshots. */
export function referencedVolids(guest: Guest): Set<string> {
  const volids = new Set<string>();
  for (const config of [guest.config, ...Object.values(guest.snapshots ?? {})]) {
    for (const disk of configDisks(guest.type, config)) {
      if (parseVolumeId(disk.volid)) volids.add(disk.volid);
    }
  }
  return volids;
}

/**
 * PVE::Storage::storage_config + storage_check_enabled: the storage as configured
 * for the node, or PVE's error for an unknown one.
 */
export function nodeStorage(state: SimulatorState, node: string, storage: string): NodeStorage {
  const configured = state.storages().filter((entry) => entry.storage === storage);
  if (configured.length === 0) throw PveHttpError.failed(`storage '${storage}' does not exist`);
  const onNode = configured.find((entry) => entry.node === node);
  if (!onNode) throw PveHttpError.failed(`storage '${storage}' is not available on node '${node}'`);
  return onNode;
}

// The storage plugins' parse_volname (pve-storage PVE/Storage/*Plugin.pm): what a volume
// name means on each storage type. A linked clone keeps its base image in its name
// (`base-9000-disk-0/vm-150-disk-0`) on every type here, LVM-thin included, which real
// LVM-thin names plainly (`vm-150-disk-0`): the simulator's one naming for all types.
const LVM_NAME = /^[a-z0-9][a-z0-9\-_.]*[a-z0-9]$/i;
const FILE_CONTENT = /^(iso|vztmpl|backup|snippets|import)\/[^/]+$/;

/** The volume's content type (`images`, `iso`, …) on a storage of this type, or PVE's refusal. */
export function volumeContentType(plugin: NodeStorage['plugintype'], volname: string): string {
  switch (plugin) {
    case 'lvmthin': {
      const linked = /^base-\d+-[^/\s]+\/((?:vm|base)-\d+-\S+)$/.exec(volname);
      const name = linked?.[1] ?? volname;
      if (!LVM_NAME.test(name)) throw new Error(`lvm name '${volname}' contains illegal characters`);
      if (/^(?:vm|base)-\d+-\S+$/.test(name)) return 'images';
      throw new Error(`unable to parse lvm volume name '${volname}'`);
    }
    case 'dir':
    case 'nfs': {
      if (/^\d+\/(?:base-\d+-[^/\s]+\/\d+\/)?(?:vm|base)-\d+-[^/\s]+$/.test(volname)) return 'images';
      const file = FILE_CONTENT.exec(volname);
      if (file?.[1]) return file[1];
      throw new Error(`unable to parse directory volume name '${volname}'`);
    }
    case 'rbd':
      if (/^(?:base-\d+-\S+\/)?(?:base|vm)-\d+-\S+$/.test(volname)) return 'images';
      throw new Error(`unable to parse rbd volume name '${volname}'`);
    case 'zfspool':
      if (/^(?:(?:base|basevol)-\d+-\S+\/)?(?:base|basevol|vm|subvol)-\d+-\S+$/.test(volname))
        return 'images';
      throw new Error(`unable to parse zfs volume name '${volname}'`);
  }
}

/**
 * qemu-server's check_drive_param and check_storage_access for drives naming an existing
 * volume, before anything is locked or forked: the storage must be configured, the name
 * must parse on it, an ISO image needs `media=cdrom` and only disk images and ISO images
 * can be drives.
 */
export function assertDriveVolumes(state: SimulatorState, params: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(params).sort()) {
    if (!isVolumeKey('qemu', key) || key.startsWith('unused')) continue;
    const disk = parseDisk('qemu', key, params[key] ?? '');
    const parsed = parseVolumeId(disk.volid);
    if (!parsed || NEW_DISK.test(disk.volid) || parsed.volname === 'cloudinit') continue;
    const entry = storageConfig(state).find((candidate) => candidate.storage === parsed.storage);
    if (!entry) throw PveHttpError.failed(`storage '${parsed.storage}' does not exist`);
    let content: string;
    try {
      content = volumeContentType(entry.type, parsed.volname);
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
    if (content === 'iso' && disk.values['media'] !== 'cdrom') {
      throw PveHttpError.parameters({ [key]: "explicit 'media=cdrom' is required for iso images" });
    }
    if (content !== 'images' && content !== 'iso') {
      throw PveHttpError.parameters({ [key]: "content type needs to be 'images' or 'iso'" });
    }
  }
}

/**
 * The size of an existing volume `node` sees, as PVE's volume_size_info finds it; a volume
 * nothing refers to does not exist (guest disks live in the configs that use them).
 */
function existingVolumeBytes(
  state: SimulatorState,
  node: string,
  storage: NodeStorage,
  volid: string,
): number {
  for (const guest of state.isFreed(volid) ? [] : state.guests()) {
    if (!storage.shared && guest.node !== node) continue;
    for (const config of [guest.config, ...Object.values(guest.snapshots ?? {})]) {
      for (const disk of configDisks(guest.type, config)) {
        if (disk.volid === volid) return disk.sizeBytes ?? volumeSizeBytes(config[disk.key]) ?? 0;
      }
    }
  }
  const file = state.volume(node, volid);
  if (file) return file.size;
  const volname = volid.slice(storage.storage.length + 1);
  // How each plugin's activate_volume or volume_size_info finds the volume missing.
  switch (storage.plugintype) {
    case 'lvmthin':
      throw new Error(`no such logical volume ${storage.settings?.['vgname'] ?? 'pve'}/${volname}`);
    case 'dir':
    case 'nfs':
      throw new Error(`volume '${volid}' does not exist`);
    default:
      throw new Error(`volume ${volid} does not exist`);
  }
}

/** The volume names in use on a storage as seen from `node` (shared storages: cluster-wide). */
function usedVolnames(state: SimulatorState, node: string, storage: NodeStorage): Set<string> {
  const names = new Set<string>();
  for (const guest of state.guests()) {
    if (!storage.shared && guest.node !== node) continue;
    for (const volid of referencedVolids(guest)) {
      const parsed = parseVolumeId(volid);
      // get_vm_disk_number: the name without its directory and format suffix.
      if (parsed?.storage === storage.storage)
        names.add((parsed.volname.split('/').at(-1) ?? '').replace(/\.[a-z0-9]+$/, ''));
    }
  }
  return names;
}

/** A storage with a path (`dir`, `nfs`): its images are files under `images/<vmid>/`. */
export function isFileStorage(storage: NodeStorage): boolean {
  return storage.plugintype === 'dir' || storage.plugintype === 'nfs';
}

/**
 * PVE::Storage::Plugin::find_free_diskname: the first `vm-<vmid>-disk-<n>` nobody uses.
 * `reserved` holds names handed out earlier in the same operation.
 */
export function allocateVolume(
  state: SimulatorState,
  node: string,
  storage: NodeStorage,
  vmid: number,
  reserved: Set<string>,
  kind: 'disk' | 'cloudinit' = 'disk',
): string {
  const used = usedVolnames(state, node, storage);
  // A storage with a path keeps images as files, `<vmid>/vm-<vmid>-disk-<n>.raw`, the
  // cloud-init drive as qcow2 (Plugin::alloc_image, qemu-server's create_disks).
  const fileBased = isFileStorage(storage);
  const format = kind === 'disk' ? 'raw' : 'qcow2';
  const volidOf = (name: string) => `${storage.storage}:${fileBased ? `${vmid}/${name}.${format}` : name}`;
  const taken = (name: string) => used.has(name) || reserved.has(volidOf(name));
  let name = `vm-${vmid}-cloudinit`;
  if (kind === 'disk') {
    for (let index = 0; ; index += 1) {
      name = `vm-${vmid}-disk-${index}`;
      if (!taken(name)) break;
    }
  } else if (taken(name)) {
    throw new Error(`unable to allocate '${name}' - volume already exists`);
  }
  const volid = volidOf(name);
  reserved.add(volid);
  state.reallocated(volid);
  return volid;
}

/** What create_disks did to one config entry. */
export interface CreatedDisk {
  readonly key: string;
  readonly value: string;
  /** Lines the worker prints (lvcreate's, then qemu-server's "successfully created disk"). */
  readonly log: readonly string[];
}

export interface DiskRequest {
  readonly state: SimulatorState;
  readonly node: string;
  readonly type: GuestType;
  readonly vmid: number;
  /** The `storage` parameter: where `<size>` without a storage goes. */
  readonly defaultStorage?: string;
  readonly reserved: Set<string>;
}

/**
 * Checks the storage of every disk a request allocates (`local-lvm:32`, `local-lvm:cloudinit`)
 * before anything is forked, as qemu-server's check_storage_access and pve-container's
 * check_and_activate_storage do.
 */
export function assertDiskStorages(request: DiskRequest, params: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(params)) {
    if (!isVolumeKey(request.type, key) || key.startsWith('unused')) continue;
    const disk = parseDisk(request.type, key, value);
    const allocation = NEW_DISK.exec(disk.volid) ?? CLOUDINIT_DISK.exec(disk.volid);
    if (!allocation || (disk.cdrom && !disk.cloudinit)) continue;
    const storageId = allocation[1] ?? request.defaultStorage;
    if (storageId === undefined)
      throw PveHttpError.failed('no storage ID specified (and no default storage)');
    const storage = nodeStorage(request.state, request.node, storageId);
    const content = request.type === 'qemu' ? 'images' : 'rootdir';
    if (!storage.content.includes(content)) {
      throw PveHttpError.parameters({
        storage:
          request.type === 'qemu'
            ? `storage '${storageId}' does not support vm images`
            : `storage '${storageId}' does not support container directories`,
      });
    }
  }
}

/** create_disks: allocates `<storage>:<size>` and `<storage>:cloudinit` entries, keeps the rest. */
export function createDisk(request: DiskRequest, key: string, value: string): CreatedDisk {
  const disk = parseDisk(request.type, key, value);
  const volumeKey = volumeKeyOf(request.type);
  const newDisk = disk.cdrom ? undefined : NEW_DISK.exec(disk.volid);
  const cloudinit = request.type === 'qemu' ? CLOUDINIT_DISK.exec(disk.volid) : null;
  if (!newDisk && !cloudinit) {
    return { key, value: printDisk(request.type, key, existingDriveValues(request, disk)), log: [] };
  }

  const storageId = (newDisk ?? cloudinit)?.[1] ?? request.defaultStorage ?? '';
  const storage = nodeStorage(request.state, request.node, storageId);
  if (cloudinit) {
    const volid = allocateVolume(
      request.state,
      request.node,
      storage,
      request.vmid,
      request.reserved,
      'cloudinit',
    );
    const values = { ...disk.values, [volumeKey]: volid, media: 'cdrom' };
    return {
      key,
      value: printDisk(request.type, key, values),
      log: [`${key}: successfully created disk '${printDisk(request.type, key, values)}'`],
    };
  }
  const sizeBytes = Math.round(Number(newDisk?.[2]) * GIB);
  const volid = allocateVolume(request.state, request.node, storage, request.vmid, request.reserved);
  const values = { ...disk.values, [volumeKey]: volid, size: formatSize(sizeBytes) };
  const printed = printDisk(request.type, key, values);
  const volname = volid.slice(storage.storage.length + 1);
  return {
    key,
    value: printed,
    log: [
      ...(storage.plugintype === 'lvmthin' ? [`  Logical volume "${volname}" created.`] : []),
      ...(request.type === 'qemu' ? [`${key}: successfully created disk '${printed}'`] : []),
    ],
  };
}

/**
 * An existing volume as a drive: qemu-server's create_disks activates it and records its
 * size, so a volume that does not exist is refused rather than written into the config.
 * pve-container takes mount point volumes as given.
 */
function existingDriveValues(request: DiskRequest, disk: GuestDisk): PropertyValues {
  const parsed = parseVolumeId(disk.volid);
  if (request.type !== 'qemu' || !parsed) return disk.values;
  const storage = nodeStorage(request.state, request.node, parsed.storage);
  const bytes = existingVolumeBytes(request.state, request.node, storage, disk.volid);
  return { ...disk.values, size: formatSize(bytes) };
}

/** Whether a request value asks for a new volume rather than naming an existing one. */
export function allocatesVolume(type: GuestType, key: string, value: string): boolean {
  if (!isVolumeKey(type, key) || key.startsWith('unused')) return false;
  const disk = parseDisk(type, key, value);
  return (!disk.cdrom && NEW_DISK.test(disk.volid)) || (type === 'qemu' && CLOUDINIT_DISK.test(disk.volid));
}
