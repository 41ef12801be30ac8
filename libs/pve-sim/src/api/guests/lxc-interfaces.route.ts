import { LXC_NET_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString } from '../../formats/property-string';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';

// Source: pve-container PVE/API2/LXC.pm ip (GET …/interfaces) and PVE::LXC::get_interfaces:
// what `ip --json a` inside the running container reports, loopback first. A container
// that does not run here has no process to enter, and the answer is null.

interface Address {
  readonly 'ip-address': string;
  readonly 'ip-address-type': 'inet' | 'inet6';
  readonly prefix: number;
}

/** The address a DHCP server on the bridge hands out; the same for the same container and NIC. */
function leased(vmid: number, index: number): string {
  return `192.168.1.${50 + ((vmid * 7 + index * 37) % 200)}`;
}

export const lxcInterfacesRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/lxc/{vmid}/interfaces',
  parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
  handle: ({ params }, { state }) => {
    const vmid = Number(params['vmid']);
    const guest = state.guestOn(params['node'] ?? '', 'lxc', vmid);
    if (guest?.status !== 'running') return null;
    const interfaces = [
      {
        name: 'lo',
        hwaddr: '00:00:00:00:00:00',
        'hardware-address': '00:00:00:00:00:00',
        inet: '127.0.0.1/8',
        inet6: '::1/128',
        'ip-addresses': [
          { 'ip-address': '127.0.0.1', 'ip-address-type': 'inet', prefix: 8 },
          { 'ip-address': '::1', 'ip-address-type': 'inet6', prefix: 128 },
        ] satisfies Address[],
      },
    ];
    const nets = Object.keys(guest.config)
      .filter((key) => /^net\d+$/.test(key))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    for (const key of nets) {
      const net = parsePropertyString(LXC_NET_FORMAT, guest.config[key] ?? '', key);
      const mac = (net['hwaddr'] ?? '').toLowerCase();
      const ip =
        net['ip'] !== undefined && net['ip'].includes('/')
          ? net['ip']
          : `${leased(vmid, Number(key.slice(3)))}/24`;
      const [address = '', prefix = '24'] = ip.split('/');
      interfaces.push({
        name: net['name'] ?? key,
        hwaddr: mac,
        'hardware-address': mac,
        inet: ip,
        inet6: '',
        'ip-addresses': [{ 'ip-address': address, 'ip-address-type': 'inet', prefix: Number(prefix) }],
      });
    }
    // A missing IPv6 address leaves `inet6` out rather than empty.
    return interfaces.map(({ inet6, ...rest }) => (inet6 ? { ...rest, inet6 } : rest));
  },
};
