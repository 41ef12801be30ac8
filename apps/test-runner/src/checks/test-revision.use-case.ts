import { Injectable } from '@nestjs/common';
import type { DataOf, Origin, Subjects } from '@proxmox-mpc/contracts';
import { checkWorkspace, InventoryReader, type CheckResult } from '@proxmox-mpc/iac';
import { PlaybookSyntaxCheck } from './playbook-syntax-check';
import { WorkspaceRevisions } from './workspace-revisions';

type Verdict = DataOf<typeof Subjects.testCompleted>;

export interface TestRevision {
  workspace: string;
  /** A commit, or anything git resolves to one (`HEAD`). */
  revision: string;
  trigger: Verdict['trigger'];
  origin: Origin;
  /** sha256 of the files iac-generator wrote for this revision (evt.iac.generated). */
  generated?: readonly string[];
}

// A verdict carries at most this many findings per check; the count is in the summary.
const MAX_FINDINGS = 100;
// How old an inventory a plan is judged against may be: the agent's default sync period.
// The import that triggers most tests synced it moments before; syncing again for the
// test would cost seconds on a cluster of 10,000 guests.
const LIVE_MAX_AGE_MS = 15_000;

/**
 * Tests a workspace revision as committed: every .tf file parsed, guest resources held
 * to the provider schema, a plan against the live inventory, the workspace's policy,
 * and the playbooks' syntax. The verdict fails when any check fails; a check that could
 * not run says why it was skipped and does not fail it.
 */
@Injectable()
export class TestRevisionUseCase {
  constructor(
    private readonly revisions: WorkspaceRevisions,
    private readonly inventory: InventoryReader,
    private readonly playbooks: PlaybookSyntaxCheck,
  ) {}

  async execute({ workspace, revision, trigger, origin, generated }: TestRevision): Promise<Verdict> {
    const committed = await this.revisions.filesAt(workspace, revision);
    if (!committed) {
      return verdict(workspace, undefined, trigger, [
        {
          name: 'hcl-parse',
          status: 'failed',
          summary: `workspace "${workspace}" has no revision ${revision}`,
          findings: [{ location: workspace, message: `no commit ${revision} in the workspace repository` }],
        },
      ]);
    }
    const { commit, files } = committed;
    const settings = JSON.parse(
      files.find((file) => file.path === 'mpc-workspace.json')?.content ?? '{}',
    ) as { target?: string };
    const policy = files.find((file) => file.path === 'policy.yml')?.content;
    // Ansible runs in a process of its own: alongside the checks done here.
    const [report, playbooks] = await Promise.all([
      this.inventory
        .read(origin, settings.target, LIVE_MAX_AGE_MS)
        .then((live) => checkWorkspace(files, policy, live.guests)),
      this.playbooks.check(files, generated),
    ]);
    const checks = [...report.checks, playbooks];
    const count = (action: 'create' | 'update' | 'delete') =>
      report.plan.filter((change) => change.action === action).length;
    return verdict(workspace, commit, trigger, checks, {
      create: count('create'),
      update: count('update'),
      delete: count('delete'),
    });
  }
}

function verdict(
  workspace: string,
  revision: string | undefined,
  trigger: Verdict['trigger'],
  checks: CheckResult[],
  plan = { create: 0, update: 0, delete: 0 },
): Verdict {
  return {
    workspace,
    ...(revision ? { revision } : {}),
    trigger,
    status: checks.some((check) => check.status === 'failed') ? 'failed' : 'passed',
    checks: checks.map((check) => ({ ...check, findings: check.findings.slice(0, MAX_FINDINGS) })),
    plan,
  };
}
