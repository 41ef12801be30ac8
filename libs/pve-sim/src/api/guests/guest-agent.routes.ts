import { IPCONFIG_FORMAT, QEMU_NET_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString } from '../../formats/property-string';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest } from '../../state/guest';
import { agentEnabled } from './guest-power';
import { loadGuestConfig } from './load-guest-config';

// Source: qemu-server PVE/API2/Qemu/Agent.pm (register_command) and
// PVE/QemuServer/Agent.pm assert_agent_available. The answer is QEMU's
// guest-network-get-interfaces result, wrapped as `{ result: [...] }`.
//
// The simulated guest reports its loopback and one interface per `netN` (named like a
// Debian/Ubuntu guest names virtio NICs: ens18, ens19, …) with the address cloud-init's
// `ipconfigN` gives it, or one a DHCP server on the bridge would hand out.

interface IpAddress {
  readonly 'ip-address-type': 'ipv4' | 'ipv6';
  readonly 'ip-address': string;
  readonly prefix: number;
}

/** PVE's assert_agent_available, then whether the agent has come up since the VM started. */
function assertAgentAnswers(guest: Guest, now: number): void {
  if (guest.config['agent'] === undefined) throw PveHttpError.failed('No QEMU guest agent configured');
  if (guest.status !== 'running') throw PveHttpError.failed(`VM ${guest.vmid} is not running`);
  const up =
    agentEnabled(guest) && !guest.paused && (guest.agentReadyAt === undefined || now >= guest.agentReadyAt);
  if (!up) throw PveHttpError.failed('QEMU guest agent is not running');
}

/** The address a DHCP server on the bridge hands out; the same for the same guest and NIC. */
function dhcpAddress(vmid: number, index: number, bridge: string | undefined): IpAddress {
  const host = 50 + ((vmid * 7 + index * 37) % 200);
  const lab = bridge !== undefined && bridge !== 'vmbr0' ? /\d+$/.exec(bridge)?.[0] : undefined;
  const address = lab === undefined ? `192.168.1.${host}` : `10.${Number(lab) % 256}.0.${host}`;
  return { 'ip-address-type': 'ipv4', 'ip-address': address, prefix: 24 };
}

/** IPv6 link-local address from the MAC (modified EUI-64). */
function linkLocal(mac: string): IpAddress {
  const bytes = mac.split(':').map((part) => Number.parseInt(part, 16));
  const eui = [
    (bytes[0] ?? 0) ^ 0x02,
    bytes[1] ?? 0,
    bytes[2] ?? 0,
    0xff,
    0xfe,
    bytes[3] ?? 0,
    bytes[4] ?? 0,
    bytes[5] ?? 0,
  ];
  const groups = [0, 2, 4, 6].map((at) => (((eui[at] ?? 0) << 8) | (eui[at + 1] ?? 0)).toString(16));
  return { 'ip-address-type': 'ipv6', 'ip-address': `fe80::${groups.join(':')}`, prefix: 64 };
}

function addresses(guest: Guest, index: number, bridge: string | undefined, mac: string): IpAddress[] {
  const ipconfig = guest.config[`ipconfig${index}`];
  const parsed = ipconfig === undefined ? {} : parsePropertyString(IPCONFIG_FORMAT, ipconfig);
  const result: IpAddress[] = [];
  const ip = parsed['ip'];
  if (ip !== undefined && ip.includes('/')) {
    const [address = '', prefix = '24'] = ip.split('/');
    result.push({ 'ip-address-type': 'ipv4', 'ip-address': address, prefix: Number(prefix) });
  } else if (ip !== 'manual') {
    result.push(dhcpAddress(guest.vmid, index, bridge));
  }
  const ip6 = parsed['ip6'];
  if (ip6 !== undefined && ip6.includes('/')) {
    const [address = '', prefix = '64'] = ip6.split('/');
    result.push({ 'ip-address-type': 'ipv6', 'ip-address': address, prefix: Number(prefix) });
  }
  result.push(linkLocal(mac));
  return result;
}

function statistics(guest: Guest, now: number, scale: number) {
  const seconds = Math.max(1, Math.floor((now - (guest.startedAt ?? now)) / 1000));
  const rx = Math.round(seconds * 1_800 * scale);
  const tx = Math.round(seconds * 900 * scale);
  return {
    'rx-bytes': rx,
    'rx-dropped': 0,
    'rx-errs': 0,
    'rx-packets': Math.round(rx / 700),
    'tx-bytes': tx,
    'tx-dropped': 0,
    'tx-errs': 0,
    'tx-packets': Math.round(tx / 600),
  };
}

export function networkInterfaces(guest: Guest, now: number): unknown[] {
  const interfaces: unknown[] = [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [
        { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
        { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
      ],
      statistics: statistics(guest, now, 0.05),
    },
  ];
  const nets = Object.keys(guest.config)
    .filter((key) => /^net\d+$/.test(key))
    .map((key) => Number(key.slice(3)))
    .sort((a, b) => a - b);
  for (const index of nets) {
    const net = parsePropertyString(QEMU_NET_FORMAT, guest.config[`net${index}`] ?? '');
    if (net['link_down'] === '1') continue;
    const mac = (net['macaddr'] ?? '').toLowerCase();
    interfaces.push({
      name: `ens${18 + index}`,
      'hardware-address': mac,
      'ip-addresses': addresses(guest, index, net['bridge'], mac),
      statistics: statistics(guest, now, 1),
    });
  }
  return interfaces;
}

export const guestAgentRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
    proxyToNode: true,
    permissions: {
      check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'], 'any', 1],
    },
    handle: ({ params }, { state }) => {
      const guest = loadGuestConfig(state, params['node'], 'qemu', Number(params['vmid']));
      const now = Date.now();
      assertAgentAnswers(guest, now);
      return { result: networkInterfaces(guest, now) };
    },
  },
];
