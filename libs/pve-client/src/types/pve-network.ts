import type { PveBoolean } from './pve-boolean';

export type PveNetworkInterfaceType =
  | 'bridge'
  | 'bond'
  | 'eth'
  | 'alias'
  | 'vlan'
  | 'fabric'
  | 'OVSBridge'
  | 'OVSBond'
  | 'OVSPort'
  | 'OVSIntPort'
  | 'vnet'
  | 'unknown';

/** The `type` filter of GET /nodes/{node}/network. */
export type PveNetworkTypeFilter =
  Exclude<PveNetworkInterfaceType, 'unknown'> | 'any_bridge' | 'any_local_bridge' | 'include_sdn';

/** An item of GET /nodes/{node}/network: one interface of /etc/network/interfaces. */
export interface PveNetworkInterface {
  iface: string;
  type: PveNetworkInterfaceType;
  method?: 'loopback' | 'dhcp' | 'manual' | 'static' | 'auto';
  method6?: 'loopback' | 'dhcp' | 'manual' | 'static' | 'auto';
  families?: Array<'inet' | 'inet6'>;
  active?: PveBoolean;
  autostart?: PveBoolean;
  /** Physical NICs present on the host. */
  exists?: PveBoolean;
  priority?: number;
  cidr?: string;
  address?: string;
  netmask?: string;
  gateway?: string;
  cidr6?: string;
  address6?: string;
  netmask6?: number;
  gateway6?: string;
  /** Bridges: member ports, space-separated. */
  bridge_ports?: string;
  bridge_vlan_aware?: PveBoolean;
  bridge_vids?: string;
  /** Bonds: member NICs, space-separated. */
  slaves?: string;
  bond_mode?: string;
  bond_xmit_hash_policy?: string;
  'vlan-id'?: number;
  'vlan-raw-device'?: string;
  mtu?: number;
  comments?: string;
  [key: string]: unknown;
}
