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

/** A guest selector taken apart: a VMID, or name and optional node globs. */
export type ParsedGuestSelector = { vmid: number } | { node?: string; name: string };

export function parseGuestSelector(selector: string): ParsedGuestSelector {
  if (/^\d+$/.test(selector)) return { vmid: Number(selector) };
  const slash = selector.indexOf('/');
  if (slash === -1) return { name: selector };
  return { node: selector.slice(0, slash), name: selector.slice(slash + 1) };
}

export function matchesGuestSelector(guest: SelectableGuest, selector: string): boolean {
  return guestSelectorMatcher(selector)(guest);
}

/** The selector parsed and compiled once, for testing many guests against it. */
export function guestSelectorMatcher(selector: string): (guest: SelectableGuest) => boolean {
  const parsed = parseGuestSelector(selector);
  if ('vmid' in parsed) return (guest) => guest.vmid === parsed.vmid;
  const node = parsed.node === undefined ? undefined : globToRegExp(parsed.node);
  const name = globToRegExp(parsed.name);
  return (guest) => (node === undefined || node.test(guest.node)) && name.test(guest.name);
}

/** A selector glob as a SQL LIKE pattern (`\\` escapes), for ILIKE: the same case-blind match. */
export function globToLikePattern(glob: string): string {
  return glob
    .replace(/[\\%_]/g, '\\$&')
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}
