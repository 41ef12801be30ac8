import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest, GuestConfig, GuestType } from '../../state/guest';
import type { TaskContext } from '../../tasks/task-engine';
import { QEMU_DRIVE_BUSES } from './guest-config-keys';
import { assertUnlocked } from './guest-locks';
import { configDisks, parseVolumeId, printDisk, volumeKeyOf } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm 'template' + PVE/QemuServer.pm template_create,
// pve-container PVE/API2/LXC.pm 'template' + PVE/LXC.pm template_create. A template's
// disks become base images (`vm-100-disk-0` → `base-100-disk-0`), which is what makes
// linked clones of it possible.

/** qemu-server's valid_drive_names, in its order (the `disk` enum of resize and template). */
export const QEMU_DISK_NAMES: readonly string[] = [
  ...(['ide', 'scsi', 'virtio', 'sata'] as const).flatMap((bus) =>
    Array.from({ length: QEMU_DRIVE_BUSES[bus] + 1 }, (_, index) => `${bus}${index}`),
  ),
  'efidisk0',
  'tpmstate0',
];

/** Renames a config's own disks to base images; `only` limits it to one disk (qemu's `disk`). */
export function renameToBaseVolumes(type: GuestType, config: GuestConfig, only?: string): string[] {
  const renamed: string[] = [];
  for (const disk of configDisks(type, config)) {
    if (disk.cdrom || disk.key.startsWith('unused') || (only !== undefined && disk.key !== only)) continue;
    const parsed = parseVolumeId(disk.volid);
    const name = parsed?.volname.split('/').at(-1);
    if (!parsed || !name?.startsWith('vm-')) continue;
    const base = `base-${name.slice('vm-'.length)}`;
    const volname = parsed.volname.includes('/') ? `${parsed.volname.split('/')[0]}/${base}` : base;
    config[disk.key] = printDisk(type, disk.key, {
      ...disk.values,
      [volumeKeyOf(type)]: `${parsed.storage}:${volname}`,
    });
    renamed.push(`${name}\u0000${base}`);
  }
  return renamed;
}

function logRenames(renamed: readonly string[], context: TaskContext): void {
  for (const entry of renamed) {
    const [from, to] = entry.split('\u0000');
    context.log(`  Renamed "${from}" to "${to}" in volume group "pve"`);
    context.log(`  Logical volume pve/${to} changed.`);
    context.log('  WARNING: Combining activation change with other commands is not advised.');
  }
}

/** The checks both handlers make before (qemu: and again inside) the worker. */
function assertConvertible(guest: Guest, disk?: string): void {
  assertUnlocked(guest);
  const kind = guest.type === 'qemu' ? 'VM' : 'CT';
  if (Object.keys(guest.snapshots ?? {}).length > 0) {
    throw new Error(`unable to create template, because ${kind} contains snapshots`);
  }
  if (guest.config['template'] === '1' && disk === undefined) {
    throw new Error("you can't convert a template to a template");
  }
  if (guest.status === 'running') {
    throw new Error(
      guest.type === 'qemu'
        ? "you can't convert a VM to template if VM is running"
        : "you can't convert a CT to template if the CT is running",
    );
  }
}

function toTemplate(guest: Guest, context: TaskContext, disk?: string): void {
  guest.config['template'] = '1';
  logRenames(renameToBaseVolumes(guest.type, guest.config, disk), context);
}

const qemuTemplateRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/template',
  parameters: {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    disk: { type: 'string', optional: true, enum: QEMU_DISK_NAMES },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node']);
    const vmid = Number(params['vmid']);
    const disk = params['disk'];
    try {
      assertConvertible(loadGuestConfig(state, node.name, 'qemu', vmid), disk);
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
    return tasks.start({
      node,
      type: 'qmtemplate',
      id: String(vmid),
      user: identity.authId,
      work: (context) => {
        const guest = loadGuestConfig(state, node.name, 'qemu', vmid);
        assertConvertible(guest, disk);
        toTemplate(guest, context, disk);
      },
    }).upid;
  },
};

// pve-container checks under the config lock in the API call, forks the worker and
// answers null: clients learn nothing of the task but its effect.
const lxcTemplateRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/lxc/{vmid}/template',
  parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node']);
    const vmid = Number(params['vmid']);
    const guest = loadGuestConfig(state, node.name, 'lxc', vmid);
    assertConvertible(guest);
    tasks.start({
      node,
      type: 'vztemplate',
      id: String(vmid),
      user: identity.authId,
      work: (context) => toTemplate(loadGuestConfig(state, node.name, 'lxc', vmid), context),
    });
    return null;
  },
};

export const guestTemplateRoutes: readonly RouteDefinition[] = [qemuTemplateRoute, lxcTemplateRoute];
