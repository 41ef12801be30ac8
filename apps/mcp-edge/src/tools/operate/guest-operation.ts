import type { Guest } from '@proxmox-mpc/contracts';
import { describeGuest, type ResolvedGuest } from '../guest-resolver';
import type { PreparedOperation } from '../tool-definition';

type Request = PreparedOperation['request'];

/** An operation on an existing guest, on the cluster it was found on, confirmed by its name. */
export function onGuest<R extends Omit<Request, 'target' | 'summary'>>(
  guest: ResolvedGuest,
  verb: string,
  request: R,
): PreparedOperation {
  return {
    request: { ...request, summary: `${verb} ${describeGuest(guest)}`, target: guest.target } as Request,
    confirmation: guest.name,
  };
}

/** Where the command finds the guest: node and type are given so the agent need not look. */
export function locator(guest: Guest): { vmid: number; node: string; type: Guest['type'] } {
  return { vmid: guest.vmid, node: guest.node, type: guest.type };
}

/** An operation on a node's storage or tasks, confirmed by typing `confirmation`. */
export function onNode<R extends Omit<Request, 'target' | 'summary'>>(
  target: string | undefined,
  summary: string,
  confirmation: string,
  request: R,
): PreparedOperation {
  return {
    request: { ...request, summary, ...(target ? { target } : {}) } as Request,
    confirmation,
  };
}
