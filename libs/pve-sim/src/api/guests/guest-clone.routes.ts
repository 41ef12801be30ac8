import { randomUUID } from 'node:crypto';
import { permissionDenied } from '../../auth/permission-denied';
import { formatSize } from '../../formats/disk-size';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteCall, RouteDefinition, SimulatorContext } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { ClusterNode } from '../../state/cluster-node';
import type { Guest, GuestConfig, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { assertUnlocked, removeLock, setLock } from './guest-locks';
import { normalizeNet } from './guest-network';
import {
  type GuestDisk,
  allocateVolume,
  isFileStorage,
  configDisks,
  guestVolumeInfo,
  nodeStorage,
  parseVolumeId,
  printDisk,
  volumeKeyOf,
} from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm clone_vm (+ QemuServer.pm clone_disk) and
// pve-container PVE/API2/LXC.pm clone_vm. A full clone copies each disk to a new
// volume; a linked clone (templates only, or from a snapshot) references the base
// image: `local-lvm:base-9000-disk-0/vm-150-disk-0`.

const OPTIONAL_TEXT = { type: 'string', optional: true } as const;

interface CloneRequest {
  readonly state: SimulatorState;
  readonly node: ClusterNode;
  readonly type: GuestType;
  readonly vmid: number;
  readonly newid: number;
  readonly params: Readonly<Record<string, string>>;
  /** The target node, unless it is the local one. */
  readonly target?: ClusterNode;
}

/** One disk of the clone: where it comes from and whether it is copied or linked. */
interface ClonedDisk {
  readonly disk: GuestDisk;
  readonly full: boolean;
}

function cloneRequest(call: RouteCall, { state }: SimulatorContext, type: GuestType): CloneRequest {
  const node = resolveProxyNode(state, call.params['node']);
  const targetName = call.params['target'];
  let target: ClusterNode | undefined;
  if (targetName !== undefined && targetName !== node.name && targetName !== 'localhost') {
    target = state.node(targetName);
    if (!target) throw PveHttpError.failed(`no such cluster node '${targetName}'`);
  }
  const pool = call.params['pool'];
  if (pool !== undefined && !state.pool(pool)) throw permissionDenied(`pool '${pool}' does not exist`);
  return {
    state,
    node,
    type,
    vmid: Number(call.params['vmid']),
    newid: Number(call.params['newid']),
    params: call.params,
    ...(target && { target }),
  };
}

/** The `storage` parameter: enabled here (and shared, to clone to another node). */
function checkTargetStorage(request: CloneRequest): void {
  const storageId = request.params['storage'];
  if (storageId === undefined) return;
  const storage = nodeStorage(request.state, request.node.name, storageId);
  if (request.type === 'qemu' && !storage.content.includes('images')) {
    throw PveHttpError.parameters({ storage: `storage '${storageId}' does not support vm images` });
  }
  if (request.target) {
    nodeStorage(request.state, request.target.name, storageId);
    if (!storage.shared) throw PveHttpError.failed(`can't clone to non-shared storage '${storageId}'`);
  }
}

/** The source config (or snapshot) and which of its disks are copied or linked. */
function planClone(request: CloneRequest, source: Guest): { config: GuestConfig; disks: ClonedDisk[] } {
  const snapname = request.params['snapname'];
  if (snapname !== undefined && !source.snapshots?.[snapname]) {
    throw new Error(`snapshot '${snapname}' does not exist`);
  }
  const full =
    request.params['full'] === undefined ? source.config['template'] !== '1' : request.params['full'] === '1';
  if (request.params['storage'] !== undefined && !full) {
    throw new Error("parameter 'storage' not allowed for linked clones");
  }
  if (request.params['format'] !== undefined && !full) {
    throw new Error("parameter 'format' not allowed for linked clones");
  }
  const config = snapname === undefined ? source.config : (source.snapshots?.[snapname] ?? {});
  const running = source.status === 'running';
  const disks: ClonedDisk[] = [];
  let shared = true;
  for (const disk of configDisks(request.type, config)) {
    if (disk.key.startsWith('unused') || (disk.cdrom && !disk.cloudinit)) continue;
    const volume = parseVolumeId(disk.volid);
    const storage = volume ? nodeStorage(request.state, request.node.name, volume.storage) : undefined;
    if (!storage?.shared) shared = false;
    const diskFull = full || disk.cloudinit;
    if (request.type === 'lxc' && diskFull && running && snapname === undefined) {
      throw new Error('Full clone of a running container is only possible from a snapshot');
    }
    // lvmthin (the `clone` feature): a linked clone needs a base image or a snapshot.
    const linkable = snapname !== undefined || guestVolumeInfo(volume?.volname ?? '')?.isBase === true;
    if (!diskFull && !linkable) {
      throw new Error(
        request.type === 'qemu'
          ? `Linked clone feature is not supported for ${snapname !== undefined ? 'a snapshot of ' : ''}'${disk.volid}' (${disk.key})`
          : `Linked clone feature for '${disk.volid}' is not available`,
      );
    }
    disks.push({ disk, full: diskFull });
  }
  if (request.target && !shared) {
    throw new Error(
      request.type === 'qemu'
        ? `can't clone VM to node '${request.target.name}' (VM uses local storage)`
        : `can't clone CT to node '${request.target.name}' (CT uses local storage)`,
    );
  }
  return { config, disks };
}

/** The clone's config apart from its disks: no snapshot bookkeeping, new MACs, no template flag. */
function cloneConfig(request: CloneRequest, source: GuestConfig): GuestConfig {
  const config: GuestConfig = {};
  const skipped = [
    'snapshots',
    'parent',
    'snaptime',
    'vmstate',
    'snapstate',
    'runningcpu',
    'runningmachine',
    'lock',
    'template',
  ];
  for (const [key, value] of Object.entries(source)) {
    if (skipped.includes(key) || /^unused\d+$/.test(key)) continue;
    if (/^net\d+$/.test(key)) config[key] = normalizeNet(request.type, key, value, true);
    else if (!configDisks(request.type, { [key]: value }).some((disk) => !disk.cdrom || disk.cloudinit)) {
      config[key] = value;
    }
  }
  const { params } = request;
  if (request.type === 'qemu') {
    config['smbios1'] = `uuid=${randomUUID()}`;
    if (config['vmgenid'] !== undefined) config['vmgenid'] = randomUUID();
    config['name'] = params['name'] ?? `Copy-of-VM-${source['name'] ?? request.vmid}`;
  } else if (params['hostname'] !== undefined) {
    config['hostname'] = params['hostname'];
  }
  if (params['description']) config['description'] = params['description'];
  return config;
}

/** Copies or links each disk into the clone's config, with qemu-img's or lvcreate's lines. */
function cloneDisks(
  request: CloneRequest,
  clone: Guest,
  disks: readonly ClonedDisk[],
  context: TaskContext,
): void {
  const reserved = new Set<string>();
  const volumeKey = volumeKeyOf(request.type);
  for (const { disk, full } of disks) {
    const source = parseVolumeId(disk.volid);
    if (!source) continue;
    const storageId = full ? (request.params['storage'] ?? source.storage) : source.storage;
    const storage = nodeStorage(request.state, request.node.name, storageId);
    if (disk.cloudinit) {
      const volid = allocateVolume(
        request.state,
        request.node.name,
        storage,
        request.newid,
        reserved,
        'cloudinit',
      );
      clone.config[disk.key] = printDisk(request.type, disk.key, { ...disk.values, [volumeKey]: volid });
      continue;
    }
    const what =
      request.type === 'qemu'
        ? `drive ${disk.key}`
        : full
          ? `mountpoint ${disk.key}`
          : `mount point ${disk.key}`;
    context.log(`create ${full ? 'full' : 'linked'} clone of ${what} (${disk.volid})`);
    let volid = allocateVolume(request.state, request.node.name, storage, request.newid, reserved);
    const volname = volid.slice(storage.storage.length + 1);
    if (!full) {
      // clone_image: on a file storage a qcow2 file backed by the base image, named under
      // the base's path; elsewhere the base's name, a slash, the clone's volume.
      volid = isFileStorage(storage)
        ? `${storage.storage}:${source.volname}/${volname.replace(/\.raw$/, '.qcow2')}`
        : `${storage.storage}:${source.volname.split('/').at(-1)}/${volname}`;
    }
    if (storage.plugintype === 'lvmthin') context.log(`  Logical volume "${volname}" created.`);
    if (full && request.type === 'qemu') logCopy(disk.sizeBytes ?? 0, context);
    const values = { ...disk.values, [volumeKey]: volid };
    if (disk.sizeBytes !== undefined) values['size'] = formatSize(disk.sizeBytes);
    clone.config[disk.key] = printDisk(request.type, disk.key, values);
  }
}

function logCopy(bytes: number, context: TaskContext): void {
  const gib = (value: number) => `${(value / 1024 ** 3).toFixed(1)} GiB`;
  for (const percent of [0, 25, 50, 75, 100]) {
    context.log(`transferred ${gib((bytes * percent) / 100)} of ${gib(bytes)} (${percent.toFixed(2)}%)`);
  }
}

function finishClone(request: CloneRequest, clone: Guest): void {
  if (request.target) clone.node = request.target.name;
  const pool = request.params['pool'];
  if (pool !== undefined) request.state.addGuestToPool(pool, request.newid);
}

function cloneQemu(call: RouteCall, context: SimulatorContext): string {
  const request = cloneRequest(call, context, 'qemu');
  const { state, newid } = request;
  checkTargetStorage(request);
  const checks = () => {
    const source = loadGuestConfig(state, request.node.name, 'qemu', request.vmid);
    assertUnlocked(source);
    const plan = planClone(request, source);
    if (state.guest(newid)) throw new Error(`unable to create VM ${newid}: config file already exists`);
    return { source, plan };
  };
  try {
    checks();
  } catch (error: unknown) {
    throw PveHttpError.failed((error as Error).message);
  }
  let clone: Guest | undefined;
  let plan: { config: GuestConfig; disks: ClonedDisk[] } | undefined;
  return context.tasks.start({
    node: request.node,
    type: 'qmclone',
    id: String(request.vmid),
    user: call.identity.authId,
    // qemu-server's worker checks again, then writes the clone's config holding only its lock.
    begin: (task) => {
      const checked = checks();
      plan = checked.plan;
      task.log(`creating a clone of VM ${checked.source.vmid} with ID ${newid}`);
      clone = {
        vmid: newid,
        type: 'qemu',
        node: request.node.name,
        config: { lock: 'clone' },
        status: 'stopped',
      };
      state.addGuest(clone);
    },
    work: (task) => {
      if (!clone || !plan) return;
      try {
        Object.assign(clone.config, cloneConfig(request, plan.config));
        cloneDisks(request, clone, plan.disks, task);
        delete clone.config['lock'];
        finishClone(request, clone);
      } catch (error: unknown) {
        state.removeGuest(newid);
        throw new Error(`clone failed: ${(error as Error).message}`);
      }
    },
  }).upid;
}

function cloneLxc(call: RouteCall, context: SimulatorContext): string {
  const request = cloneRequest(call, context, 'lxc');
  const { state, newid } = request;
  checkTargetStorage(request);
  const source = loadGuestConfig(state, request.node.name, 'lxc', request.vmid);
  // pve-container locks the source ('disk') and creates the new CT ('create') before it forks.
  setLockOrFail(source, 'disk');
  const existing = state.guest(newid);
  if (existing) {
    removeLock(source, 'disk');
    throw PveHttpError.failed(
      `${existing.type === 'qemu' ? 'VM' : 'CT'} ${newid} already exists on node '${existing.node}'`,
    );
  }
  const clone: Guest = {
    vmid: newid,
    type: 'lxc',
    node: request.node.name,
    config: { lock: 'create' },
    status: 'stopped',
  };
  state.addGuest(clone);
  let plan: { config: GuestConfig; disks: ClonedDisk[] };
  try {
    plan = planClone(request, source);
    Object.assign(clone.config, cloneConfig(request, plan.config));
  } catch (error: unknown) {
    delete source.config['lock'];
    state.removeGuest(newid);
    throw PveHttpError.failed((error as Error).message);
  }
  return context.tasks.start({
    node: request.node,
    type: 'vzclone',
    id: String(request.vmid),
    user: call.identity.authId,
    work: (task) => {
      try {
        cloneDisks(request, clone, plan.disks, task);
      } catch (error: unknown) {
        delete source.config['lock'];
        state.removeGuest(newid);
        throw new Error(`clone failed: ${(error as Error).message}`);
      }
      if (source.config['lock'] === 'disk') delete source.config['lock'];
      delete clone.config['lock'];
      finishClone(request, clone);
    },
  }).upid;
}

function setLockOrFail(guest: Guest, lock: string): void {
  try {
    setLock(guest, lock);
  } catch (error: unknown) {
    throw PveHttpError.failed((error as Error).message);
  }
}

const CLONE_PERMISSIONS = {
  check: [
    'and',
    ['perm', '/vms/{vmid}', ['VM.Clone']],
    [
      'or',
      ['perm', '/vms/{newid}', ['VM.Allocate']],
      ['perm', '/pool/{pool}', ['VM.Allocate'], 'require_param', 'pool'],
    ],
  ],
} as const;

const COMMON_CLONE_PARAMETERS = {
  node: NODE_PARAMETER,
  vmid: VMID_PARAMETER,
  newid: VMID_PARAMETER,
  description: OPTIONAL_TEXT,
  pool: { type: 'string', optional: true, format: 'pve-poolid' },
  snapname: { type: 'string', optional: true, format: 'pve-configid', maxLength: 40 },
  storage: { type: 'string', optional: true, format: 'pve-storage-id' },
  full: { type: 'boolean', optional: true },
  target: { ...NODE_PARAMETER, optional: true },
} as const;

export const guestCloneRoutes: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/qemu/{vmid}/clone',
    parameters: {
      ...COMMON_CLONE_PARAMETERS,
      name: { type: 'string', optional: true, format: 'dns-name' },
      format: { type: 'string', optional: true, enum: ['raw', 'qcow2', 'vmdk'] },
      bwlimit: { type: 'integer', optional: true, minimum: 0 },
    },
    proxyToNode: true,
    permissions: CLONE_PERMISSIONS,
    handle: (call, context) => cloneQemu(call, context),
  },
  {
    method: 'POST',
    path: '/nodes/{node}/lxc/{vmid}/clone',
    parameters: {
      ...COMMON_CLONE_PARAMETERS,
      hostname: { type: 'string', optional: true, format: 'dns-name' },
      bwlimit: { type: 'number', optional: true, minimum: 0 },
    },
    proxyToNode: true,
    permissions: CLONE_PERMISSIONS,
    handle: (call, context) => cloneLxc(call, context),
  },
];
