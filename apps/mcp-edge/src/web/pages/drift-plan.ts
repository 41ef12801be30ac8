import type { GuestDrift } from '@proxmox-mpc/contracts';

/** A value as it reads in code and in the cluster: strings as written, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What applying the workspace would do about one drift: the code is the desired state,
 * so a changed setting is set back to the code's value, a guest missing from the cluster
 * is created, and a guest the code does not know is left alone until it is imported.
 */
export function planLine(drift: GuestDrift): string {
  const resource = drift.address ?? `guest ${drift.vmid}`;
  if (drift.kind === 'missing') return `+ create ${resource} (in code, not in the cluster)`;
  if (drift.kind === 'unmanaged')
    return `? ${resource}: not in code; import it to manage it, applying leaves it alone`;
  return `~ update ${resource} in place: ${drift.changes.map((change) => `${change.path} ${valueText(change.before)} → ${valueText(change.after)}`).join(', ')}`;
}
