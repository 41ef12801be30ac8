import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { emit, HandlerError, MessageBus, OnCommand, type Emit } from '@proxmox-mpc/bus';
import { originFrom, Subjects, type DataOf, type Envelope, type Origin } from '@proxmox-mpc/contracts';
import { applySteps, ApplyRefused, checkWorkspace, InventoryReader, type ApplyStep } from '@proxmox-mpc/iac';
import { WorkspaceLock } from '../workspaces/workspace-lock';
import { WorkspaceStore } from '../workspaces/workspace-store';

type Outcome = Emit<typeof Subjects.iacApplied> | Emit<typeof Subjects.iacFailed>;

// One guest operation (a clone and its start, a destroy) may take minutes on a real cluster.
const STEP_TIMEOUT_MS = 15 * 60_000;

const brief = (step: ApplyStep) => ({ action: step.action, address: step.address });

/**
 * Applies a tested workspace revision without a terraform binary: the revision's checks
 * are run again here (a revision that fails one is refused, nothing done), its plan
 * becomes agent commands in dependency order, and they run one by one until the first
 * failure, which is reported with Proxmox's words and what was and was not done.
 */
@Controller()
export class ApplyHandler {
  constructor(
    private readonly store: WorkspaceStore,
    private readonly inventory: InventoryReader,
    private readonly lock: WorkspaceLock,
    private readonly bus: MessageBus,
  ) {}

  @OnCommand(Subjects.iacApply)
  async apply(@Payload() command: Envelope<DataOf<typeof Subjects.iacApply>>): Promise<Outcome> {
    const { workspace: name, revision } = command.data;
    const failed = (code: DataOf<typeof Subjects.iacFailed>['code'], message: string, extra = {}) =>
      emit(Subjects.iacFailed, { workspace: name, code, message, ...extra });
    return this.lock.hold(name, async () => {
      let workspace;
      try {
        workspace = await this.store.open(name);
      } catch (error) {
        if (error instanceof HandlerError) return failed(error.code, error.message);
        throw error;
      }
      const commit = await workspace.git.resolve(revision);
      if (!commit) return failed('NOT_FOUND', `workspace "${name}" has no revision ${revision}`);
      const origin = originFrom(command);
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
        return failed(
          'FORBIDDEN',
          `revision ${commit.slice(0, 12)} fails its checks, nothing was applied: ${reasons}`,
        );
      }
      let steps: ApplyStep[];
      try {
        steps = applySteps(report.plan, report.desired, guests);
      } catch (error) {
        if (error instanceof ApplyRefused)
          return failed('INVALID_MESSAGE', `${error.message}; nothing was applied`);
        throw error;
      }
      return this.run(name, target, commit, steps, origin, failed);
    });
  }

  private async run(
    workspace: string,
    target: string,
    revision: string,
    steps: ApplyStep[],
    origin: Origin,
    failed: (code: DataOf<typeof Subjects.iacFailed>['code'], message: string, extra?: object) => Outcome,
  ): Promise<Outcome> {
    const scoped = { ...origin, target };
    for (const [index, step] of steps.entries()) {
      const progress = (message: string) =>
        this.bus.publish(
          Subjects.iacApplyProgress,
          { workspace, stepIndex: index + 1, stepCount: steps.length, message },
          scoped,
        );
      await progress(`${step.description}: starting`);
      const outcome = await this.bus.execute(step.command.subject, step.command.data as never, scoped, {
        timeoutMs: STEP_TIMEOUT_MS,
      });
      if (outcome.subject !== Subjects.proxmoxOperationCompleted) {
        const detail = outcome.envelope.data as { code?: string; message?: string };
        return failed(
          (detail.code as DataOf<typeof Subjects.iacFailed>['code']) ?? 'TASK_FAILED',
          `step ${index + 1} of ${steps.length} (${step.description}) failed: ${detail.message ?? 'no reason given'}`,
          { done: steps.slice(0, index).map(brief), notDone: steps.slice(index).map(brief) },
        );
      }
      await progress(`${step.description}: done`);
    }
    return emit(Subjects.iacApplied, {
      workspace,
      target,
      revision,
      done: steps.map((step) => ({
        action: step.action,
        address: step.address,
        ...(step.name ? { name: step.name } : {}),
        ...(step.vmid ? { vmid: step.vmid } : {}),
      })),
    });
  }
}
