import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import { GUEST_TYPES, type GuestType } from '../../state/guest';
import { POWER_BEHAVIOURS, type PowerAction, type PowerBehaviour } from './guest-power';

function guestPowerRoute(type: GuestType, action: PowerAction, behaviour: PowerBehaviour): RouteDefinition {
  return {
    method: 'POST',
    path: `/nodes/{node}/${type}/{vmid}/status/${action}`,
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER, ...behaviour.parameters },
    proxyToNode: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.PowerMgmt']] },
    handle: ({ params, identity }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node']);
      const request = {
        state,
        node: node.name,
        vmid: Number(params['vmid']),
        params,
        agentDelayMs: tasks.guestAgentDelayMs,
      };
      behaviour.precheck?.(request);
      const { workerType } = behaviour;
      const task = tasks.start({
        node,
        type: typeof workerType === 'string' ? workerType : workerType(params),
        id: String(request.vmid),
        user: identity.authId,
        work: (context) => behaviour.work(request, context),
      });
      return task.upid;
    },
  };
}

export const guestPowerRoutes: readonly RouteDefinition[] = GUEST_TYPES.flatMap((type) =>
  Object.entries(POWER_BEHAVIOURS[type]).map(([action, behaviour]) =>
    guestPowerRoute(type, action as PowerAction, behaviour),
  ),
);
