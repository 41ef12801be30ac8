import { Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { applySteps, ApplyRefused, checkWorkspace, InventoryReader, type ApplyStep } from '@proxmox-mpc/iac';
import { WorkspaceLock } from '../workspaces/workspace-lock';
import { WorkspaceStore, type Workspace } from '../workspaces/workspace.store';
import { AgentCommands } from './agent-commands';

/** The command's data, and who asked. */
export type ApplyRevision = DataOf<typeof Subjects.iacApply> & { origin: Origin };

/** Every step carried out, or the one that failed with what was and was not done. */
export type ApplyOutcome =
  | { applied: DataOf<typeof Subjects.iacApplied> }
  | { stopped: Omit<DataOf<typeof Subjects.iacFailed>, 'workspace'> };

const brief = (step: ApplyStep) => ({ action: step.action, address: step.address });

/**
 * Applies a workspace revision without a terraform binary. The revision's checks are
 * run again here, so whatever was or was not tested, a revision that fails one is
 * refused; so is a plan with a change no agent command can make. Nothing runs before
 * both are known. The plan's agent commands then run one at a time, in dependency
 * order, until the first failure, which is reported with what was and was not done.
 */
@Injectable()
export class ApplyRevisionUseCase {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
    private readonly agent: AgentCommands,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
  ) {}

  execute({ workspace: name, revision, origin }: ApplyRevision): Promise<ApplyOutcome> {
    return this.lock.hold(name, async () => {
      const workspace = await this.store.open(name);
      const commit = await workspace.git.resolve(revision);
      if (!commit)
        throw new HandlerError('NOT_FOUND', `workspace "${name}" has no revision ${revision}`, false);
      const { target, steps } = await this.stepsOf(workspace, commit, origin);
      return this.run(name, target, commit, steps, { ...origin, target });
    });
  }

  /** The agent commands a revision calls for, once its checks pass and every change can be made. */
  private async stepsOf(
    workspace: Workspace,
    commit: string,
    origin: Origin,
  ): Promise<{ target: string; steps: ApplyStep[] }> {
    const files = await workspace.git.filesAt(commit);
    const { target, guests } = await this.inventory.read(origin, workspace.settings.target);
    const report = await checkWorkspace(
      files,
      files.find((file) => file.path === 'policy.yml')?.content,
      guests,
    );
    const failing = report.checks.filter((check) => check.status === 'failed');
    if (failing.length) {
      const reasons = failing
        .map(
          (check) =>
            `${check.name}: ${check.findings
              .slice(0, 3)
              .map((finding) => finding.message)
              .join('; ')}`,
        )
        .join(' | ');
      throw new HandlerError(
        'FORBIDDEN',
        `revision ${commit.slice(0, 12)} fails its checks, nothing was applied: ${reasons}`,
        false,
      );
    }
    try {
      return { target, steps: applySteps(report.plan, report.desired, guests) };
    } catch (error) {
      if (error instanceof ApplyRefused) {
        throw new HandlerError('INVALID_MESSAGE', `${error.message}; nothing was applied`, false);
      }
      throw error;
    }
  }

  private async run(
    workspace: string,
    target: string,
    revision: string,
    steps: ApplyStep[],
    origin: Origin,
  ): Promise<ApplyOutcome> {
    for (const [index, step] of steps.entries()) {
      const progress = (message: string) =>
        this.announce({ workspace, stepIndex: index + 1, stepCount: steps.length, message }, origin);
      await progress(`${step.description}: starting`);
      const outcome = await this.agent.run(step.command, origin);
      if (!outcome.completed) {
        return {
          stopped: {
            code: outcome.code ?? 'TASK_FAILED',
            message: `step ${index + 1} of ${steps.length} (${step.description}) failed: ${outcome.message ?? 'no reason given'}`,
            done: steps.slice(0, index).map(brief),
            notDone: steps.slice(index).map(brief),
          },
        };
      }
      await progress(`${step.description}: done`);
    }
    return {
      applied: {
        workspace,
        target,
        revision,
        done: steps.map((step) => ({
          ...brief(step),
          ...(step.name ? { name: step.name } : {}),
          ...(step.vmid ? { vmid: step.vmid } : {}),
        })),
      },
    };
  }

  private async announce(progress: DataOf<typeof Subjects.iacApplyProgress>, origin: Origin): Promise<void> {
    await this.transactions.run((tx) => this.outbox.add(tx, Subjects.iacApplyProgress, progress, origin));
    await this.outbox.flush();
  }
}
