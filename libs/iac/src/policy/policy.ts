import { matchesGuestSelector } from '@proxmox-mpc/contracts';
import { parse } from 'yaml';
import { z } from 'zod';
import type { GuestResourceBody, ResourceChange } from '../plan/resource-diff';

/** A workspace's `policy.yml`: what a change must respect before it may be applied. */
export const PolicySchema = z
  .object({
    naming: z
      .object({ pattern: z.string().min(1).default('^[a-z0-9][a-z0-9-]{0,62}$') })
      .strict()
      .default({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    limits: z
      .object({
        maxCores: z.number().int().positive().optional(),
        maxMemoryMb: z.number().int().positive().optional(),
        maxDiskGb: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    /** Tags every guest must carry. */
    requiredTags: z.array(z.string()).default([]),
    /** Guests no change may destroy: VMIDs or selectors (`db-*`, `pve1/db-*`). */
    protected: z.array(z.union([z.number().int(), z.string()])).default([]),
    /** The most guests one change may destroy. */
    maxDestroys: z.number().int().min(0).default(5),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY_FILE = `# What a change must respect before it may be applied (checked by test-runner).
naming:
  pattern: "^[a-z0-9][a-z0-9-]{0,62}$"
limits:
  maxCores: 64
  maxMemoryMb: 262144
  maxDiskGb: 4096
requiredTags: []
protected: []
maxDestroys: 5
`;

export interface PolicyViolation {
  rule: 'naming' | 'limits' | 'requiredTags' | 'protected' | 'maxDestroys';
  address: string;
  message: string;
}

export class PolicyError extends Error {}

/** Parses policy.yml; a mistake names the field and what was expected. */
export function parsePolicy(text: string): Policy {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (error) {
    throw new PolicyError(`policy.yml is not valid YAML: ${(error as Error).message}`);
  }
  const result = PolicySchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new PolicyError(`policy.yml: ${problems.join('; ')}`);
  }
  try {
    new RegExp(result.data.naming.pattern);
  } catch {
    throw new PolicyError(`policy.yml: naming.pattern is not a valid regular expression`);
  }
  return result.data;
}

const first = (value: unknown): Record<string, unknown> | undefined =>
  (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;

function guestName(resource: GuestResourceBody): string | undefined {
  const name = resource.body['name'] ?? first(resource.body['initialization'])?.['hostname'];
  return typeof name === 'string' ? name : undefined;
}

function matchesProtected(policy: Policy, change: ResourceChange, name: string | undefined): boolean {
  if (change.vmid === undefined) return false;
  const guest = { vmid: change.vmid, node: change.node ?? '', name: name ?? '' };
  return policy.protected.some((entry) => matchesGuestSelector(guest, String(entry)));
}

/** Checks the desired guests and the plan that would reach them. */
export function checkPolicy(
  policy: Policy,
  desired: readonly GuestResourceBody[],
  plan: readonly ResourceChange[],
  liveNames: ReadonlyMap<number, string>,
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const naming = new RegExp(policy.naming.pattern);
  for (const resource of desired) {
    const name = guestName(resource);
    if (name !== undefined && !naming.test(name)) {
      violations.push({
        rule: 'naming',
        address: resource.address,
        message: `name "${name}" does not match ${policy.naming.pattern}`,
      });
    }
    const cores = Number(first(resource.body['cpu'])?.['cores']);
    if (policy.limits.maxCores && cores > policy.limits.maxCores) {
      violations.push({
        rule: 'limits',
        address: resource.address,
        message: `${cores} cores, more than ${policy.limits.maxCores}`,
      });
    }
    const memory = Number(first(resource.body['memory'])?.['dedicated']);
    if (policy.limits.maxMemoryMb && memory > policy.limits.maxMemoryMb) {
      violations.push({
        rule: 'limits',
        address: resource.address,
        message: `${memory} MB of memory, more than ${policy.limits.maxMemoryMb}`,
      });
    }
    const disks = Array.isArray(resource.body['disk'])
      ? (resource.body['disk'] as Array<Record<string, unknown>>)
      : [];
    for (const disk of disks) {
      const size = Number(disk['size']);
      if (policy.limits.maxDiskGb && size > policy.limits.maxDiskGb) {
        violations.push({
          rule: 'limits',
          address: resource.address,
          message: `a ${size} GB disk, more than ${policy.limits.maxDiskGb}`,
        });
      }
    }
    const tags = Array.isArray(resource.body['tags']) ? resource.body['tags'].map(String) : [];
    const missing = policy.requiredTags.filter((tag) => !tags.includes(tag));
    if (missing.length) {
      violations.push({
        rule: 'requiredTags',
        address: resource.address,
        message: `missing tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      });
    }
  }
  const destroys = plan.filter((change) => change.action === 'delete');
  for (const change of destroys) {
    const name = change.vmid === undefined ? undefined : liveNames.get(change.vmid);
    if (matchesProtected(policy, change, name)) {
      violations.push({
        rule: 'protected',
        address: change.address,
        message: `would destroy protected guest ${change.vmid}${name ? ` (${name})` : ''}`,
      });
    }
  }
  if (destroys.length > policy.maxDestroys) {
    violations.push({
      rule: 'maxDestroys',
      address: '(plan)',
      message: `would destroy ${destroys.length} guests, more than ${policy.maxDestroys}`,
    });
  }
  return violations;
}
