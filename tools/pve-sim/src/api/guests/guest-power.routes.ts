import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import { GUEST_TYPES, type GuestType } from '../../state/guest';
import { POWER_ACTIONS, POWER_BEHAVIOURS, type PowerAction } from './guest-power';

function guestPowerRoute(type: GuestType, action: PowerAction): RouteDefinition {
  const behaviour = POWER_BEHAVIOURS[type][action];
  return {
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER, ...behaviour.parameters },
    proxyToNode: true,
    handle: ({ params, identity }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node']);
      const request = { state, node: node.name, vmid: Number(params['vmid']) };
      behaviour.precheck?.(request);
      const task = tasks.start({
        node,
        type: behaviour.workerType,
        id: String(request.vmid),
        user: identity.tokenId,
        work: (running) => behaviour.work(request, running),
      });
      return task.upid;
    },
  };
}

export const guestPowerRoutes: readonly RouteDefinition[] = GUEST_TYPES.flatMap((type) =>
  POWER_ACTIONS.map((action) => guestPowerRoute(type, action)),
);
