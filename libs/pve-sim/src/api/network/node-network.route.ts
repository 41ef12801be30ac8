import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import type { NetworkInterface } from '../../state/cluster-node';

const TYPE_FILTERS = [
  'bridge',
  'bond',
  'eth',
  'alias',
  'vlan',
  'fabric',
  'OVSBridge',
  'OVSBond',
  'OVSPort',
  'OVSIntPort',
  'vnet',
  'any_bridge',
  'any_local_bridge',
  'include_sdn',
] as const;

/**
 * Source: pve-manager PVE/API2/Network.pm index and pve-common
 * PVE/Network/Interfaces.pm (the parsed /etc/network/interfaces). Bridges show only
 * to callers who may audit or use them in the `localnetwork` SDN zone; the loopback
 * device is never listed.
 */
export const nodeNetworkRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/network',
  parameters: { node: NODE_PARAMETER, type: { type: 'string', optional: true, enum: TYPE_FILTERS } },
  proxyToNode: true,
  permissions: { user: 'all' },
  handle: ({ params, identity, access }, { state }) => {
    const filter = params['type'];
    return [...state.networkInterfaces(params['node'] ?? '')]
      .map((iface, index) => ({ iface, priority: index + 2 }))
      .filter(({ iface }) => matchesFilter(iface, filter))
      .filter(
        ({ iface }) =>
          iface.type !== 'bridge' ||
          identity.authId === 'root@pam' ||
          access.check(`/sdn/zones/localnetwork/${iface.iface}`, ['SDN.Audit', 'SDN.Use'], {
            any: true,
            noerr: true,
          }),
      )
      .sort((a, b) => (a.iface.iface < b.iface.iface ? -1 : 1))
      .map(({ iface, priority }) => networkEntry(iface, priority));
  },
};

function matchesFilter(iface: NetworkInterface, filter: string | undefined): boolean {
  if (filter === undefined || filter === 'include_sdn') return true;
  if (filter === 'any_bridge' || filter === 'any_local_bridge') return iface.type === 'bridge';
  return iface.type === filter;
}

function networkEntry(iface: NetworkInterface, priority: number): Record<string, unknown> {
  const [address, prefix] = iface.cidr?.split('/') ?? [];
  return {
    iface: iface.iface,
    type: iface.type,
    method: iface.method,
    method6: iface.method6 ?? 'manual',
    families: ['inet'],
    priority,
    ...(iface.autostart !== false && { autostart: 1 }),
    ...(iface.active !== false && { active: 1 }),
    ...(iface.exists && { exists: 1 }),
    ...(iface.cidr !== undefined && { cidr: iface.cidr, address, netmask: prefix }),
    ...(iface.gateway !== undefined && { gateway: iface.gateway }),
    ...(iface.type === 'bridge' && {
      bridge_ports: iface.bridgePorts ?? '',
      // Interfaces.pm fills these in for every bridge; the schema does not declare them.
      bridge_stp: 'off',
      bridge_fd: '0',
      ...(iface.bridgeVlanAware && { bridge_vlan_aware: 1, bridge_vids: '2-4094' }),
    }),
    ...(iface.type === 'bond' && {
      slaves: iface.slaves ?? '',
      bond_mode: iface.bondMode ?? 'active-backup',
      ...(iface.bondMode === '802.3ad' && { bond_xmit_hash_policy: 'layer2+3' }),
    }),
    ...(iface.type === 'vlan' && {
      'vlan-id': iface.vlanId,
      'vlan-raw-device': iface.vlanRawDevice,
    }),
    ...(iface.comments !== undefined && { comments: iface.comments }),
  };
}
