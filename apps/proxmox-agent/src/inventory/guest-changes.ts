import type { FieldChange, Guest, InventoryGuest } from '@proxmox-mpc/contracts';

/**
 * What makes a guest "changed" in /cluster/resources. Usage figures (uptime, CPU and
 * memory in use) move all the time and are not changes.
 */
export const SUMMARY_FIELDS = [
  'name',
  'node',
  'status',
  'template',
  'cpus',
  'memoryBytes',
  'diskBytes',
  'tags',
  'lock',
  'pool',
] as const satisfies ReadonlyArray<keyof Guest>;

export type GuestSummaryFields = Pick<Guest, (typeof SUMMARY_FIELDS)[number]>;

/** An absent optional field is reported as null, so `before`/`after` survive JSON. */
function valueOf(value: unknown): unknown {
  return value === undefined ? null : value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return valueOf(a) === valueOf(b);
}

export function summaryChanges(before: GuestSummaryFields, after: GuestSummaryFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of SUMMARY_FIELDS) {
    if (!sameValue(before[field], after[field])) {
      changes.push({ field, before: valueOf(before[field]), after: valueOf(after[field]) });
    }
  }
  return changes;
}

/** Config keys compared one by one (`config.net0`), in key order, so a diff reads the same every time. */
export function configChanges(before: Record<string, string>, after: Record<string, string>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => before[key] !== after[key])
    .map((key) => ({ field: `config.${key}`, before: valueOf(before[key]), after: valueOf(after[key]) }));
}

/** Every field-level difference between two versions of a guest; empty when nothing changed. */
export function guestChanges(before: InventoryGuest, after: InventoryGuest): FieldChange[] {
  return [...summaryChanges(before, after), ...configChanges(before.config, after.config)];
}
