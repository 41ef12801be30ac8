import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { ClusterNode } from '../../state/cluster-node';
import type { Guest, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { configDigest } from './config-file';
import { addUnusedVolume } from './guest-config-update';
import { assertUnlocked, removeLock, setLock } from './guest-locks';
import { LXC_DISK_NAMES } from './guest-resize.routes';
import { QEMU_DISK_NAMES } from './guest-template.routes';
import {
  type GuestDisk,
  allocateVolume,
  nodeStorage,
  parseDisk,
  parseVolumeId,
  printDisk,
  volumeKeyOf,
} from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm move_vm_disk and pve-container PVE/API2/LXC.pm
// move_volume, moving a disk to another storage: a new volume there, the old one kept as
// `unusedN` or, with `delete`, removed. Reassigning a disk to another guest
// (`target-vmid`) is not served.

const UNUSED_NAMES = Array.from({ length: 256 }, (_, index) => `unused${index}`);
const BOTH_MISSING = "both 'storage' and 'target-vmid' missing, either needs to be set";

interface Move {
  readonly state: SimulatorState;
  readonly node: ClusterNode;
  readonly type: GuestType;
  readonly vmid: number;
  readonly key: string;
  readonly storage: string;
  readonly params: Readonly<Record<string, string>>;
}

/** The snapshots that still name the volume, which therefore cannot go. */
function inSnapshots(guest: Guest, volid: string): boolean {
  return Object.values(guest.snapshots ?? {}).some((snapshot) =>
    Object.values(snapshot).some((value) => value.split(',')[0] === volid),
  );
}

/** qemu-server's $load_and_check_move, before forking and again as the worker starts. */
function checkQemuMove(move: Move): { guest: Guest; disk: GuestDisk } {
  const guest = loadGuestConfig(move.state, move.node.name, 'qemu', move.vmid);
  assertUnlocked(guest);
  const digest = move.params['digest'];
  if (digest && digest !== configDigest(guest))
    throw new Error('detected modified configuration - file changed by other user? Try again.');
  const value = guest.config[move.key];
  if (value === undefined) throw new Error(`disk '${move.key}' does not exist`);
  const disk = parseDisk('qemu', move.key, value);
  if (!disk.volid) throw new Error(`disk '${move.key}' has no associated volume`);
  if (disk.cdrom) throw new Error("you can't move a cdrom");
  const source = parseVolumeId(disk.volid)?.storage;
  if (source === move.storage && move.params['format'] === undefined)
    throw new Error("you can't move to the same storage with same format");
  const target = nodeStorage(move.state, move.node.name, move.storage);
  if (!target.content.includes('images'))
    throw PveHttpError.parameters({ storage: `storage '${move.storage}' does not support vm images` });
  if (move.params['delete'] === '1' && inSnapshots(guest, disk.volid))
    throw new Error("you can't move a disk with snapshots and delete the source");
  return { guest, disk };
}

/** pve-container's $move_to_storage_checks, which also takes the lock `disk`. */
function checkLxcMove(move: Move): { guest: Guest; disk: GuestDisk } {
  const guest = loadGuestConfig(move.state, move.node.name, 'lxc', move.vmid);
  assertUnlocked(guest);
  if (guest.status === 'running') throw new Error('cannot move volumes of a running container');
  if (move.key.startsWith('unused'))
    throw new Error(
      `cannot move volume '${move.key}', only configured volumes can be moved to another storage`,
    );
  // parse_volume of a key the config lacks fails like PVE's parse_property_string of ''.
  const disk = parseDisk('lxc', move.key, guest.config[move.key] ?? '');
  if (move.params['delete'] === '1' && inSnapshots(guest, disk.volid))
    throw new Error("you can't move a volume with snapshots and delete the source");
  const digest = move.params['digest'];
  if (digest && digest !== configDigest(guest))
    throw new Error('detected modified configuration - file changed by other user? Try again.');
  nodeStorage(move.state, move.node.name, move.storage);
  return { guest, disk };
}

/** The copy: a new volume on the target storage takes the key, the old one is kept unused or freed. */
function copyVolume(move: Move, guest: Guest, disk: GuestDisk, context: TaskContext): void {
  const target = nodeStorage(move.state, move.node.name, move.storage);
  const volid = allocateVolume(move.state, move.node.name, target, move.vmid, new Set());
  const oldStorage = parseVolumeId(disk.volid)?.storage ?? '';
  if (move.type === 'qemu') {
    context.log(
      `copying volume '${disk.volid}' from current storage '${oldStorage}' to target storage '${move.storage}'`,
    );
    if (guest.status === 'running') {
      context.log(`drive mirror is starting for drive-${move.key}`);
      context.log(
        `drive-${move.key}: transferred ${disk.values['size'] ?? '0'} of ${disk.values['size'] ?? '0'} (100.00%) in 1s, ready`,
      );
      context.log(`all 'mirror' jobs are ready`);
    } else {
      context.log(`create full clone of drive ${move.key} (${disk.volid})`);
      context.log('transferred 100.0% of the image (100.00%)');
    }
  }
  guest.config[move.key] = printDisk(move.type, move.key, {
    ...disk.values,
    [volumeKeyOf(move.type)]: volid,
  });
  if (move.params['delete'] === '1') {
    if (move.type === 'qemu') context.log(`removing source volume '${disk.volid}' after successful copy`);
    return;
  }
  const unused = addUnusedVolume(guest, disk.volid);
  if (move.type === 'qemu') context.log(`adding source volume '${disk.volid}' as '${unused}' to config`);
}

function moveRoute(type: GuestType): RouteDefinition {
  const qemu = type === 'qemu';
  const keyParameter = qemu ? 'disk' : 'volume';
  const names = qemu ? [...QEMU_DISK_NAMES, ...UNUSED_NAMES] : [...LXC_DISK_NAMES, ...UNUSED_NAMES];
  return {
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/${qemu ? 'move_disk' : 'move_volume'}`,
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      [keyParameter]: { type: 'string', enum: names },
      storage: { type: 'string', optional: true, format: 'pve-storage-id' },
      delete: { type: 'boolean', optional: true },
      digest: { type: 'string', optional: true, maxLength: 40 },
      ...(qemu
        ? {
            format: { type: 'string', optional: true, enum: ['raw', 'qcow2', 'vmdk'] },
            bwlimit: { type: 'integer', optional: true, minimum: 0 },
          }
        : { bwlimit: { type: 'number', optional: true, minimum: 0 } }),
    },
    proxyToNode: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Config.Disk']] },
    handle: ({ params, identity, access }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node'] ?? '');
      const storage = params['storage'];
      if (storage === undefined)
        throw PveHttpError.parameters({ 'target-vmid': BOTH_MISSING, storage: BOTH_MISSING });
      access.check(`/storage/${storage}`, ['Datastore.AllocateSpace']);
      const move: Move = {
        state,
        node,
        type,
        vmid: Number(params['vmid']),
        key: params[keyParameter] ?? '',
        storage,
        params,
      };
      const check = qemu ? checkQemuMove : checkLxcMove;
      try {
        const { guest } = check(move);
        // pve-container holds the lock `disk` from here to the end of its worker.
        if (!qemu) setLock(guest, 'disk');
      } catch (error: unknown) {
        throw error instanceof PveHttpError ? error : PveHttpError.failed((error as Error).message);
      }
      let moving: { guest: Guest; disk: GuestDisk } | undefined;
      return tasks.start({
        node,
        type: qemu ? 'qmmove' : 'move_volume',
        id: String(move.vmid),
        user: identity.authId,
        begin: () => {
          if (qemu) moving = check(move);
        },
        work: (context) => {
          const guest = moving?.guest ?? loadGuestConfig(state, node.name, type, move.vmid);
          try {
            const disk = moving?.disk ?? parseDisk(type, move.key, guest.config[move.key] ?? '');
            copyVolume(move, guest, disk, context);
          } finally {
            if (!qemu) removeLock(guest, 'disk');
          }
        },
      }).upid;
    },
  };
}

export const guestMoveDiskRoutes: readonly RouteDefinition[] = [moveRoute('qemu'), moveRoute('lxc')];
