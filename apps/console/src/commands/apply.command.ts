import { Subjects, type DataOf } from '@proxmox-mpc/contracts';
import { stringFlag } from '../cli/arguments';
import { CommandFailed, UsageError } from '../cli/errors';
import { executeIac } from '../platform/workspaces';
import type { CommandDefinition } from './command';
import { testRevision, verdictLines } from './test.command';

export const applyCommand: CommandDefinition = {
  name: 'apply',
  summary: 'Carry out a tested workspace revision on its cluster, after showing the plan and your typed yes.',
  arguments: [{ name: 'workspace', description: 'the workspace', required: true, complete: 'workspaces' }],
  flags: {
    revision: { kind: 'string', value: 'commit', description: 'the commit to apply (default: the newest)' },
    confirm: {
      kind: 'string',
      value: 'workspace',
      description: 'the workspace name again: the typed confirmation, for scripts and CI',
    },
  },
  examples: ['/apply homelab', 'proxmox-mpc apply homelab --confirm homelab --json'],
  notes: [
    'The revision is tested first; a failing check refuses the apply. The plan (creates, updates,',
    'destroys) is shown and nothing runs until the workspace name is typed. The console operator is',
    'the human who approves: the apply is sent as theirs, no further approval is asked.',
    'Exit code 1 when a check fails, the confirmation does not match, or a step fails.',
  ],
  async run(context, args) {
    const workspace = args.positionals[0] as string;
    const verdict = await testRevision(context, workspace, stringFlag(args, 'revision'));
    const shown = verdictLines(verdict, context.terminal.colours);
    if (verdict.status !== 'passed' || !verdict.revision) {
      throw new CommandFailed(
        `${shown.join('\n')}\nnot applied: the revision does not pass its checks`,
        verdict,
      );
    }
    const { create, update, delete: destroy } = verdict.plan;
    if (create + update + destroy === 0) {
      return {
        ok: true,
        data: { verdict, applied: false },
        lines: [...shown, 'nothing to apply: the cluster matches the code'],
      };
    }
    for (const line of shown) context.terminal.note(line);
    const confirmation =
      stringFlag(args, 'confirm') ??
      (context.interactive
        ? await context.ask(
            `type the workspace name (${workspace}) to apply ${create + update + destroy} changes: `,
          )
        : undefined);
    if (confirmation === undefined) {
      throw new UsageError(`nobody is at a terminal to confirm: pass --confirm ${workspace} to apply`);
    }
    if (confirmation !== workspace) {
      throw new CommandFailed(`not applied: "${confirmation}" is not ${workspace}`);
    }
    const bar = context.terminal.progress(`apply ${workspace}`);
    try {
      const outcome = await executeIac(
        context,
        Subjects.iacApply,
        { workspace, revision: verdict.revision },
        {
          onProgress: ({ envelope }) => {
            const progress = envelope.data as DataOf<typeof Subjects.iacApplyProgress>;
            bar.update(progress.stepIndex - 1, progress.stepCount, progress.message);
          },
        },
      );
      const applied = outcome.envelope.data as DataOf<typeof Subjects.iacApplied>;
      bar.update(applied.done.length, applied.done.length, 'applied');
      return {
        ok: true,
        data: applied,
        lines: [
          `applied ${workspace} at ${applied.revision.slice(0, 12)} to ${applied.target}:`,
          ...applied.done.map(
            (step) => `  ${step.action} ${step.address}${step.vmid ? ` (${step.vmid})` : ''}`,
          ),
        ],
      };
    } finally {
      bar.finish();
    }
  },
};
