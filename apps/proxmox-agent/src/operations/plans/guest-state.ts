import type { GuestStatus, GuestType } from '@proxmox-mpc/contracts';
import type { PveClient } from '@proxmox-mpc/pve-client';
import type { LocatedGuest } from '../../inventory/guest-locator';

/** The fields every operation result starts with. */
export function identify(guest: LocatedGuest): { vmid: number; node: string; type: GuestType } {
  return { vmid: guest.vmid, node: guest.node, type: guest.type };
}

const KNOWN: ReadonlySet<string> = new Set<GuestStatus>(['running', 'stopped', 'paused', 'suspended']);

/** The guest's status read back from Proxmox. */
export async function readStatus(
  client: PveClient,
  node: string,
  type: GuestType,
  vmid: number,
): Promise<GuestStatus> {
  const { status, qmpstatus } = await client.guestStatus(node, type, vmid);
  // A paused VM still runs to Proxmox; QEMU's own status tells it apart.
  if (status === 'running' && qmpstatus === 'paused') return 'paused';
  return KNOWN.has(status) ? (status as GuestStatus) : 'unknown';
}

// The agent starts with the guest's OS; a minute covers a typical cloud image's boot.
const ADDRESS_TIMEOUT_MS = 120_000;
const ADDRESS_POLL_MS = 500;

/** Polls the QEMU guest agent until it reports a non-loopback IPv4 address. */
export async function waitForAddresses(client: PveClient, node: string, vmid: number): Promise<string[]> {
  const deadline = Date.now() + ADDRESS_TIMEOUT_MS;
  let lastError = 'no address reported';
  while (Date.now() < deadline) {
    try {
      const interfaces = await client.agentNetworkInterfaces(node, vmid);
      const addresses = interfaces
        .flatMap((entry) => entry['ip-addresses'] ?? [])
        .filter(
          (address) => address['ip-address-type'] === 'ipv4' && !address['ip-address'].startsWith('127.'),
        )
        .map((address) => address['ip-address']);
      if (addresses.length > 0) return addresses;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, ADDRESS_POLL_MS));
  }
  throw new Error(
    `guest ${vmid} reported no IP address within ${ADDRESS_TIMEOUT_MS / 1000} s (${lastError})`,
  );
}
