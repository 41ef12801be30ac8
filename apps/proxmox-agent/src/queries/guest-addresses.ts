import type { PveClient } from '@proxmox-mpc/pve-client';

/** IPv4 addresses from the QEMU guest agent; none when the agent does not answer. */
export async function addressesOf(client: PveClient, node: string, vmid: number): Promise<string[]> {
  try {
    const interfaces = await client.agentNetworkInterfaces(node, vmid);
    return interfaces
      .flatMap((entry) => entry['ip-addresses'] ?? [])
      .filter((address) => address['ip-address-type'] === 'ipv4' && !address['ip-address'].startsWith('127.'))
      .map((address) => address['ip-address']);
  } catch {
    return [];
  }
}
