import { Subjects, type DataOf } from '@proxmox-mpc/contracts';
import { stringFlag } from '../cli/arguments';
import type { Colours } from '../cli/colours';
import { executeIac, findWorkspace } from '../platform/workspaces';
import type { CommandContext, CommandDefinition } from './command';

export type Verdict = DataOf<typeof Subjects.testCompleted>;

// Findings per check a person reads at once; --json has them all.
const FINDINGS_SHOWN = 20;

/** Tests a workspace revision (its newest when none is given) and hands back the verdict. */
export async function testRevision(
  context: CommandContext,
  workspace: string,
  revision?: string,
): Promise<Verdict> {
  await findWorkspace(context, workspace);
  const outcome = await executeIac(context, Subjects.testRun, {
    workspace,
    ...(revision ? { revision } : {}),
  });
  return outcome.envelope.data as Verdict;
}

/** The verdict as lines: each check, its findings, and the plan. */
export function verdictLines(verdict: Verdict, colours: Colours): string[] {
  const mark = (status: string) =>
    status === 'passed'
      ? colours.green('passed')
      : status === 'failed'
        ? colours.red('FAILED')
        : colours.dim(status);
  return [
    `${verdict.status === 'passed' ? colours.green('PASSED') : colours.red('FAILED')}: ${verdict.workspace} at ${verdict.revision?.slice(0, 12) ?? '(no such revision)'}`,
    ...verdict.checks.flatMap((check) => [
      `  ${mark(check.status)} ${check.name}: ${check.summary}`,
      ...check.findings
        .slice(0, FINDINGS_SHOWN)
        .map((finding) => `      ${finding.location}: ${finding.message}`),
      ...(check.findings.length > FINDINGS_SHOWN
        ? [`      … ${check.findings.length - FINDINGS_SHOWN} more (--json)`]
        : []),
    ]),
    `  plan: ${verdict.plan.create} to create, ${verdict.plan.update} to update, ${verdict.plan.delete} to destroy`,
  ];
}

export const testCommand: CommandDefinition = {
  name: 'test',
  summary:
    'Check a workspace revision: HCL, the provider schema, Ansible syntax, policy, and the plan against the cluster.',
  arguments: [{ name: 'workspace', description: 'the workspace', required: true, complete: 'workspaces' }],
  flags: {
    revision: { kind: 'string', value: 'commit', description: 'a commit or branch (default: the newest)' },
  },
  examples: ['/test homelab', 'proxmox-mpc test homelab --revision 3f2a9c1 --json'],
  notes: ['Exit code 1 when a check fails.'],
  async run(context, args) {
    const verdict = await testRevision(context, args.positionals[0] as string, stringFlag(args, 'revision'));
    return {
      ok: verdict.status === 'passed',
      data: verdict,
      lines: verdictLines(verdict, context.terminal.colours),
    };
  },
};
