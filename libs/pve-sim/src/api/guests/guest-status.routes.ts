import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { GuestType } from '../../state/guest';
import { guestStatusView } from './guest-views';
import { loadGuestConfig } from './load-guest-config';

function guestStatusRoute(type: GuestType, path: string): RouteDefinition {
  return {
    method: 'GET',
    path,
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
    proxyToNode: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
    handle: ({ params }, { state }) => {
      const guest = loadGuestConfig(state, params['node'], type, Number(params['vmid']));
      return guestStatusView(guest, Date.now());
    },
  };
}

export const guestStatusRoutes: readonly RouteDefinition[] = [
  guestStatusRoute('qemu', '/nodes/{node}/qemu/{vmid}/status/current'),
  guestStatusRoute('lxc', '/nodes/{node}/lxc/{vmid}/status/current'),
];
