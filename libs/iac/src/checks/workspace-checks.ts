import { setImmediate as nextTurn } from 'node:timers/promises';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import {
  diffGuestResources,
  guestResourcesOf,
  liveGuestResources,
  type GuestResourceBody,
  type ResourceChange,
} from '../plan/resource-diff';
import { checkPolicy, parsePolicy, PolicyError } from '../policy/policy';
import type { GeneratedFile } from '../terraform/terraform-files';
import { lineOf, parseHcl, type HclJson } from './hcl-parse';
import { checkAgainstProviderSchema } from './schema-check';

export type CheckName = 'hcl-parse' | 'provider-schema' | 'ansible-syntax' | 'policy' | 'plan';

export interface CheckFinding {
  /** `terraform/node-pve1.tf:12` or a resource address. */
  location: string;
  message: string;
}

export interface CheckResult {
  name: CheckName;
  status: 'passed' | 'failed' | 'skipped';
  /** One line a person can read. */
  summary: string;
  findings: CheckFinding[];
}

export interface WorkspaceCheckReport {
  checks: CheckResult[];
  plan: ResourceChange[];
  /** The guest resources the files describe (what the plan leads to). */
  desired: GuestResourceBody[];
}

const result = (name: CheckName, findings: CheckFinding[], passed: string): CheckResult => ({
  name,
  status: findings.length ? 'failed' : 'passed',
  summary: findings.length ? `${findings.length} problem${findings.length === 1 ? '' : 's'}` : passed,
  findings,
});

/**
 * The checks that need no external tool: every .tf file parsed by HashiCorp's parser,
 * guest resources held to the pinned provider schema, a plan against the live
 * inventory, and the workspace's policy over the guests and that plan.
 */
export async function checkWorkspace(
  files: readonly GeneratedFile[],
  policyText: string | undefined,
  live: readonly InventoryGuest[],
): Promise<WorkspaceCheckReport> {
  const tfFiles = files.filter((file) => file.path.endsWith('.tf'));
  const parsed = new Map<string, HclJson>();
  const parseFindings: CheckFinding[] = [];
  for (const file of tfFiles) {
    const outcome = await parseHcl(file.path, file.content);
    if (outcome.ok) parsed.set(file.path, outcome.json);
    else parseFindings.push({ location: file.path, message: outcome.error });
    // A turn of the event loop per file: the caller's bus heartbeats while thousands of guests are checked.
    await nextTurn();
  }
  const checks: CheckResult[] = [result('hcl-parse', parseFindings, `${tfFiles.length} files parse`)];

  const schemaFindings: CheckFinding[] = [];
  for (const [path, json] of parsed) {
    const content = tfFiles.find((file) => file.path === path)?.content ?? '';
    for (const finding of checkAgainstProviderSchema(json)) {
      const [type, name] = finding.address.split('.');
      const line = lineOf(content, `resource "${type}" "${name}"`);
      schemaFindings.push({
        location: `${path}${line ? `:${line}` : ''} ${finding.address}`,
        message: finding.message,
      });
    }
  }
  checks.push(result('provider-schema', schemaFindings, 'every guest resource fits bpg/proxmox'));

  const desired = guestResourcesOf(parsed.values());
  const current = await liveGuestResources(live);
  // A file that does not parse hides its resources: no plan is better than a wrong one.
  const plan = parseFindings.length ? [] : diffGuestResources(desired, current);
  const counts = (action: ResourceChange['action']) =>
    plan.filter((change) => change.action === action).length;
  checks.push({
    name: 'plan',
    status: parseFindings.length ? 'skipped' : 'passed',
    summary: parseFindings.length
      ? 'not planned: some files do not parse'
      : `${counts('create')} to create, ${counts('update')} to update, ${counts('delete')} to destroy`,
    findings: plan.map((change) => ({
      location: change.address,
      message:
        change.action === 'update'
          ? `update: ${change.changes.map((entry) => entry.path).join(', ')}`
          : change.action,
    })),
  });

  if (policyText === undefined) {
    checks.push({
      name: 'policy',
      status: 'skipped',
      summary: 'the workspace has no policy.yml',
      findings: [],
    });
  } else {
    try {
      const policy = parsePolicy(policyText);
      const names = new Map(live.map((guest) => [guest.vmid, guest.name]));
      const violations = checkPolicy(policy, desired, plan, names);
      checks.push(
        result(
          'policy',
          violations.map((violation) => ({
            location: violation.address,
            message: `${violation.rule}: ${violation.message}`,
          })),
          'policy.yml holds',
        ),
      );
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      checks.push(result('policy', [{ location: 'policy.yml', message: error.message }], ''));
    }
  }
  return { checks, plan, desired };
}
