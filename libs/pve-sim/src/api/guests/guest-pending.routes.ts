import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import { GUEST_TYPES, type GuestType } from '../../state/guest';
import { configDigest } from './config-file';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm and pve-container PVE/API2/LXC.pm vm_pending,
// pve-guest-common PVE::GuestHelpers::config_with_pending_array. The simulator applies
// config changes at once, so every key reads as its current value with nothing pending.

function pendingRoute(type: GuestType): RouteDefinition {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/pending`,
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
    proxyToNode: true,
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
    handle: ({ params }, { state }) => {
      const guest = loadGuestConfig(state, params['node'] ?? '', type, Number(params['vmid']));
      // load_config adds the digest to the config hash, so it is listed like any key.
      const config: Record<string, string> = { ...guest.config, digest: configDigest(guest) };
      if (config['cipassword'] !== undefined) config['cipassword'] = '**********';
      return Object.keys(config)
        .sort()
        .map((key) => ({ key, value: config[key] ?? '' }));
    },
  };
}

export const guestPendingRoutes: readonly RouteDefinition[] = GUEST_TYPES.map(pendingRoute);
