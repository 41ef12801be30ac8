import { type ResizeRequest, formatSize, parseResizeRequest, resizedBytes } from '../../formats/disk-size';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest, GuestType } from '../../state/guest';
import type { TaskContext } from '../../tasks/task-engine';
import { configDigest } from './config-file';
import { assertUnlocked } from './guest-locks';
import { assertSkiplockAllowed } from './guest-request-checks';
import { QEMU_DISK_NAMES } from './guest-template.routes';
import { type GuestDisk, guestVolumeInfo, parseDisk, parseVolumeId, printDisk } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm resize_vm (every check as the worker starts) and
// pve-container PVE/API2/LXC.pm resize_vm (checks before forking and again inside).
// Both answer with the UPID of a `resize` task.

/** pve-container's mount point keys, the `disk` enum of resize. */
export const LXC_DISK_NAMES: readonly string[] = [
  'rootfs',
  ...Array.from({ length: 256 }, (_, index) => `mp${index}`),
];
const SIZE_PATTERN = /\+?\d+(\.\d+)?[KMGT]?/;

interface ResizePlan {
  readonly disk: GuestDisk;
  readonly from: number;
  readonly to: number;
}

/** The resize the guest's config allows, or PVE's reason why not (undefined: nothing to do). */
function planResize(
  guest: Guest,
  diskKey: string,
  request: ResizeRequest,
  options: { digest?: string; checkLock: boolean },
): ResizePlan | undefined {
  const qemu = guest.type === 'qemu';
  const { digest } = options;
  // pve-container checks the lock before the digest, qemu-server after it.
  if (!qemu && options.checkLock) assertUnlocked(guest);
  if (digest && digest !== configDigest(guest)) {
    throw new Error(
      qemu
        ? 'checksum mismatch (file change by other user?)'
        : 'detected modified configuration - file changed by other user? Try again.',
    );
  }
  if (qemu && options.checkLock) assertUnlocked(guest);
  const value = guest.config[diskKey];
  if (value === undefined) throw new Error(`disk '${diskKey}' does not exist`);
  const disk = parseDisk(guest.type, diskKey, value);
  if (qemu && !disk.volid) throw new Error(`disk '${diskKey}' has no associated volume`);
  if (disk.cdrom) throw new Error("you can't resize a cdrom");
  const owner = guestVolumeInfo(parseVolumeId(disk.volid)?.volname ?? '')?.owner;
  if (!qemu && owner !== undefined && owner !== guest.vmid) {
    throw new Error(`can't resize mount point owned by another container (${owner})`);
  }
  const from = disk.sizeBytes;
  if (from === undefined) throw new Error(`Could not determine current size of volume '${disk.volid}'`);
  const to = resizedBytes(from, request);
  if (to < from) throw new Error(qemu ? 'shrinking disks is not supported' : 'unable to shrink disk size');
  if (to === from) {
    if (qemu) return undefined;
    throw new Error('disk is already at specified size');
  }
  return { disk, from, to };
}

function applyResize(guest: Guest, plan: ResizePlan, context: TaskContext): void {
  const volname = parseVolumeId(plan.disk.volid)?.volname.split('/').at(-1) ?? plan.disk.volid;
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  const extents = (bytes: number) => Math.ceil(bytes / (4 * 1024 ** 2));
  context.log(
    `  Size of logical volume pve/${volname} changed from ${gib(plan.from)} (${extents(plan.from)} extents) to ${gib(plan.to)} (${extents(plan.to)} extents).`,
  );
  context.log(`  Logical volume pve/${volname} successfully resized.`);
  guest.config[plan.disk.key] = printDisk(guest.type, plan.disk.key, {
    ...plan.disk.values,
    size: formatSize(plan.to),
  });
}

function resizeRoute(type: GuestType): RouteDefinition {
  const qemu = type === 'qemu';
  return {
    method: 'PUT',
    path: `/nodes/{node}/${type}/{vmid}/resize`,
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      disk: { type: 'string', enum: qemu ? QEMU_DISK_NAMES : LXC_DISK_NAMES },
      size: { type: 'string', pattern: SIZE_PATTERN },
      digest: { type: 'string', optional: true, maxLength: 40 },
      ...(qemu && { skiplock: { type: 'boolean', optional: true } }),
    },
    proxyToNode: true,
    permissions: {
      check: qemu
        ? ['perm', '/vms/{vmid}', ['VM.Config.Disk']]
        : ['perm', '/vms/{vmid}', ['VM.Config.Disk'], 'any', 1],
    },
    handle: ({ params, identity }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node']);
      const vmid = Number(params['vmid']);
      const request = parseResizeRequest(params['size'] ?? '');
      // The pattern check has passed, so only qemu-server's "internal error" remains.
      if (!request) throw PveHttpError.failed('internal error');
      if (qemu) assertSkiplockAllowed(identity, params);
      const diskKey = params['disk'] ?? '';
      const digest = params['digest'];
      const check = () => {
        const guest = loadGuestConfig(state, node.name, type, vmid);
        const checkLock = !(qemu && params['skiplock'] === '1');
        return { guest, plan: planResize(guest, diskKey, request, { checkLock, ...(digest && { digest }) }) };
      };
      // pve-container checks before it forks; both check again as their worker starts,
      // holding the config lock, and resize what those checks saw.
      if (!qemu) {
        try {
          check();
        } catch (error: unknown) {
          throw PveHttpError.failed((error as Error).message);
        }
      }
      let checked: ReturnType<typeof check> | undefined;
      return tasks.start({
        node,
        type: 'resize',
        id: String(vmid),
        user: identity.authId,
        begin: () => {
          checked = check();
        },
        work: (context) => {
          if (checked?.plan) applyResize(checked.guest, checked.plan, context);
        },
      }).upid;
    },
  };
}

export const guestResizeRoutes: readonly RouteDefinition[] = [resizeRoute('qemu'), resizeRoute('lxc')];
