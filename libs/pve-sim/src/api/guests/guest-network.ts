import { randomBytes } from 'node:crypto';
import { LXC_NET_FORMAT, QEMU_NET_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString, printPropertyString } from '../../formats/property-string';
import type { GuestType } from '../../state/guest';

// PVE's datacenter.cfg default `mac_prefix`: generated MACs are BC:24:11:xx:xx:xx.
const MAC_PREFIX = 'BC:24:11';

/** PVE::Tools::random_ether_addr with the default prefix. */
export function randomMacAddress(): string {
  const bytes = [...randomBytes(3)].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0'));
  return [MAC_PREFIX, ...bytes].join(':');
}

/**
 * A `netN` value as PVE writes it: qemu's add_random_macs/print_net (`virtio,bridge=vmbr0`
 * becomes `virtio=BC:24:11:…,bridge=vmbr0`), pve-container's parse_lxc_network
 * (`hwaddr` and `type=veth` filled in). `newMac` forces a fresh address, as a clone does.
 */
export function normalizeNet(type: GuestType, key: string, value: string, newMac = false): string {
  if (type === 'qemu') {
    const net = parsePropertyString(QEMU_NET_FORMAT, value, key);
    if (newMac || net['macaddr'] === undefined) net['macaddr'] = randomMacAddress();
    return printPropertyString(net, QEMU_NET_FORMAT);
  }
  const net = parsePropertyString(LXC_NET_FORMAT, value, key);
  if (newMac || net['hwaddr'] === undefined) net['hwaddr'] = randomMacAddress();
  net['type'] ??= 'veth';
  return printPropertyString(net, LXC_NET_FORMAT);
}

/** The MAC address of a `netN` value. */
export function netMacAddress(type: GuestType, value: string): string | undefined {
  const net = parsePropertyString(type === 'qemu' ? QEMU_NET_FORMAT : LXC_NET_FORMAT, value);
  return type === 'qemu' ? net['macaddr'] : net['hwaddr'];
}
