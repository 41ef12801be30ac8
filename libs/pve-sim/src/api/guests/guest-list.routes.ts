import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import type { GuestType } from '../../state/guest';
import { guestListEntry } from './guest-views';

function guestListRoute(type: GuestType, path: string, withFull: boolean): RouteDefinition {
  return {
    method: 'GET',
    path,
    parameters: {
      node: NODE_PARAMETER,
      ...(withFull && { full: { type: 'boolean', optional: true } }),
    },
    proxyToNode: true,
    permissions: { user: 'all' },
    handle: ({ params, access }, { state }) => {
      const now = Date.now();
      const full = params['full'] === '1';
      return state
        .guestsOn(params['node'], type)
        .filter((guest) => access.check(`/vms/${guest.vmid}`, ['VM.Audit'], { noerr: true }))
        .map((guest) => guestListEntry(guest, now, { full }));
    },
  };
}

// Only the VM list has `full` (it adds QMP details of running VMs).
export const guestListRoutes: readonly RouteDefinition[] = [
  guestListRoute('qemu', '/nodes/{node}/qemu', true),
  guestListRoute('lxc', '/nodes/{node}/lxc', false),
];
