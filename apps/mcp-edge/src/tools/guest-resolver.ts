import { QueryFailed } from '@proxmox-mpc/bus';
import { Subjects, type Guest } from '@proxmox-mpc/contracts';
import type { ToolContext } from './tool-definition';
import { ToolError } from './tool-definition';

/** "qemu 100 (web-01) on pve1": how guests are named to people. */
export function describeGuest(guest: Pick<Guest, 'type' | 'vmid' | 'name' | 'node'>): string {
  return `${guest.type} ${guest.vmid} (${guest.name}) on ${guest.node}`;
}

/** A guest and the cluster it was found on. */
export type ResolvedGuest = Guest & { target: string };

/**
 * The one guest a VMID or selector means, from the agent's inventory, after checking the
 * caller may act on it. Ambiguous or unknown selectors are refused with the candidates.
 */
export async function resolveGuest(
  context: Pick<ToolContext, 'bus' | 'origin' | 'access'>,
  guest: number | string,
  target?: string,
): Promise<ResolvedGuest> {
  const selector = String(guest);
  const reply = await context.bus
    .query(
      Subjects.proxmoxGuestsList,
      { selector, maxAgeMs: 30_000 },
      target ? { ...context.origin, target } : context.origin,
    )
    .catch((error: unknown) => {
      throw error instanceof QueryFailed ? new ToolError(error.code, error.message) : error;
    });
  const visible = reply.guests.filter((candidate) => context.access.allowsGuest(candidate));
  if (visible.length === 0) {
    if (reply.guests.length > 0) context.access.assertGuest(reply.guests[0] as Guest);
    throw new ToolError('NOT_FOUND', `no guest matches "${selector}" on target "${reply.target}"`);
  }
  if (visible.length > 1) {
    const names = visible.slice(0, 10).map(describeGuest).join('; ');
    throw new ToolError(
      'INVALID_MESSAGE',
      `"${selector}" matches ${visible.length} guests (${names}); be more specific`,
    );
  }
  return { ...(visible[0] as Guest), target: reply.target };
}
