import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import { type Guest, guestKind } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { assertUnlocked, assertUnprotected } from './guest-locks';
import { markStopped } from './guest-power';
import { assertSkiplockAllowed } from './guest-request-checks';
import { guestVolumeInfo, parseVolumeId, referencedVolids } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm destroy_vm + PVE/QemuServer.pm destroy_vm, and
// pve-container PVE/API2/LXC.pm destroy_vm. The guest's own volumes go with it; backups
// stay. PVE also drops its ACLs, firewall rules and pool membership.

/** A template's base image that a linked clone still uses cannot go. */
function assertBaseImagesUnused(state: SimulatorState, guest: Guest): void {
  if (guest.config['template'] !== '1') return;
  for (const volid of referencedVolids(guest)) {
    const parsed = parseVolumeId(volid);
    if (!parsed || !guestVolumeInfo(parsed.volname)?.isBase) continue;
    const prefix = `${parsed.storage}:${parsed.volname}/`;
    const used = state
      .guests()
      .some(
        (other) =>
          other.vmid !== guest.vmid && [...referencedVolids(other)].some((id) => id.startsWith(prefix)),
      );
    if (used) throw new Error(`base volume '${volid}' is still in use by linked cloned`);
  }
}

/** An HA resource keeps its guest unless `purge` removes it from HA too. */
function assertNotHaManaged(state: SimulatorState, guest: Guest, purge: boolean): void {
  const sid = `${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`;
  if (!purge && state.ha.resource(sid)) {
    throw new Error(
      `unable to remove ${guestKind(guest.type)} ${guest.vmid} - used in HA resources and purge parameter not set.`,
    );
  }
}

function destroy(state: SimulatorState, guest: Guest, context: TaskContext, purge: boolean): void {
  for (const volid of referencedVolids(guest)) {
    const parsed = parseVolumeId(volid);
    if (!parsed || guestVolumeInfo(parsed.volname)?.owner !== guest.vmid) continue;
    context.log(`  Logical volume "${parsed.volname.split('/').at(-1)}" successfully removed.`);
  }
  if (purge)
    context.log(`purging ${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} from related configurations..`);
  state.removeGuestFromPools(guest.vmid);
  // PVE::Firewall::remove_vmfw_conf always; the HA resource with `purge`.
  state.firewall.removeGuest(guest.vmid);
  if (purge) state.ha.remove(`${guest.type === 'qemu' ? 'vm' : 'ct'}:${guest.vmid}`);
  state.removeGuest(guest.vmid);
}

const qemuDestroyRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/nodes/{node}/qemu/{vmid}',
  parameters: {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    skiplock: { type: 'boolean', optional: true },
    purge: { type: 'boolean', optional: true },
    'destroy-unreferenced-disks': { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node']);
    const vmid = Number(params['vmid']);
    assertSkiplockAllowed(identity, params);
    const earlyChecks = () => {
      const guest = loadGuestConfig(state, node.name, 'qemu', vmid);
      assertUnprotected(guest, `can't remove VM ${vmid}`);
      assertNotHaManaged(state, guest, params['purge'] === '1');
      if (guest.status === 'running') throw new Error(`VM ${vmid} is running - destroy failed`);
      return guest;
    };
    try {
      earlyChecks();
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
    return tasks.start({
      node,
      type: 'qmdestroy',
      id: String(vmid),
      user: identity.authId,
      work: (context) => {
        const guest = earlyChecks();
        // A VM suspended to disk may go despite its lock.
        if (params['skiplock'] !== '1' && guest.config['lock'] !== 'suspended') assertUnlocked(guest);
        assertBaseImagesUnused(state, guest);
        destroy(state, guest, context, params['purge'] === '1');
      },
    }).upid;
  },
};

const lxcDestroyRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/nodes/{node}/lxc/{vmid}',
  parameters: {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    force: { type: 'boolean', optional: true },
    purge: { type: 'boolean', optional: true },
    'destroy-unreferenced-disks': { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Allocate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const node = resolveProxyNode(state, params['node']);
    const vmid = Number(params['vmid']);
    const force = params['force'] === '1';
    const earlyChecks = (guest: Guest) => {
      assertUnprotected(guest, `can't remove CT ${vmid}`);
      assertUnlocked(guest);
      assertNotHaManaged(state, guest, params['purge'] === '1');
    };
    const runningError = `unable to destroy CT ${vmid} - container is running`;
    try {
      const guest = loadGuestConfig(state, node.name, 'lxc', vmid);
      earlyChecks(guest);
      if (!force && guest.status === 'running') throw new Error(runningError);
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
    return tasks.start({
      node,
      type: 'vzdestroy',
      id: String(vmid),
      user: identity.authId,
      work: (context) => {
        const guest = loadGuestConfig(state, node.name, 'lxc', vmid);
        earlyChecks(guest);
        if (guest.status === 'running') {
          if (!force) throw new Error(runningError);
          context.log(`forced to stop CT ${vmid} before destroying!`);
          markStopped(guest);
        }
        assertBaseImagesUnused(state, guest);
        destroy(state, guest, context, params['purge'] === '1');
      },
    }).upid;
  },
};

export const guestDestroyRoutes: readonly RouteDefinition[] = [qemuDestroyRoute, lxcDestroyRoute];
