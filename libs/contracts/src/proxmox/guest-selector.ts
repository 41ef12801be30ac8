import { z } from 'zod';

/**
 * Which guests a caller means, or a token may touch: a VMID (`100`), a name (`web-01`),
 * a node and name (`pve1/web-01`), with `*` and `?` wildcards in either part
 * (`web-*`, `pve2/*`).
 */
export const GuestSelectorSchema = z
  .string()
  .max(128)
  .regex(
    /^(\d+|([a-zA-Z0-9*?][a-zA-Z0-9*?-]*\/)?[a-zA-Z0-9*?][a-zA-Z0-9.*?-]*)$/,
    'expected a VMID, a name or node/name, with * and ? as wildcards (e.g. "pve1/web-*")',
  );

/** A node name or a wildcard pattern of node names (`pve*`). */
export const NodeSelectorSchema = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z0-9*?][a-zA-Z0-9*?-]*$/, 'expected a node name, with * and ? as wildcards');

export interface SelectableGuest {
  vmid: number;
  node: string;
  name: string;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

export function matchesNodeSelector(node: string, selector: string): boolean {
  return globToRegExp(selector).test(node);
}

export function matchesGuestSelector(guest: SelectableGuest, selector: string): boolean {
  if (/^\d+$/.test(selector)) return guest.vmid === Number(selector);
  const slash = selector.indexOf('/');
  const nodePart = slash === -1 ? undefined : selector.slice(0, slash);
  const namePart = slash === -1 ? selector : selector.slice(slash + 1);
  return (
    (nodePart === undefined || globToRegExp(nodePart).test(guest.node)) &&
    globToRegExp(namePart).test(guest.name)
  );
}
