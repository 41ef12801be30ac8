import { Inject, Injectable } from '@nestjs/common';
import { emit, HandlerError, type Emit } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type Envelope,
  type ErrorCode,
  type GuestType,
  type OperationName,
  type OperationProgress,
  type OperationResult,
} from '@proxmox-mpc/contracts';
import { PveApiError, type PveTaskStatus } from '@proxmox-mpc/pve-client';
import { Clock } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { GuestLocator } from '../inventory/guest-locator';
import { InventorySync } from '../inventory/inventory-sync';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { platformCodeFor } from '../targets/pve-errors';
import { TargetRegistry } from '../targets/target-registry';
import { CommandJournal } from './command-journal';
import type { OperationDefinition, OperationPlan, PlannedStep } from './operation-plan';
import { OperationJournalStore } from './operation-journal.store';
import { ProgressReporter } from './progress-reporter';

type Outcome = Emit<typeof Subjects.proxmoxOperationCompleted> | Emit<typeof Subjects.proxmoxOperationFailed>;

// A running task is reported at most this often; steps starting and ending always are.
const PROGRESS_INTERVAL_MS = 2_000;

class OperationFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs any guest operation: resolve the target, plan the Proxmox calls, run them in
 * order while following each task (progress events on the way), and end with one
 * completed or failed event carrying Proxmox's own words.
 *
 * Transient failures (Proxmox unreachable, a timeout, the circuit open) are thrown as
 * retryable: the journal makes the redelivery resume where this attempt stopped.
 */
@Injectable()
export class OperationRunner {
  // A command redelivered while this replica still runs it (its acknowledgement or
  // heartbeat was lost, e.g. across a NATS restart) joins the run under way: the journal
  // cannot tell a step in flight from one cut off by a crash, and would start its task again.
  private readonly running = new Map<string, Promise<Outcome>>();

  constructor(
    private readonly targets: TargetRegistry,
    private readonly journals: OperationJournalStore,
    private readonly locator: GuestLocator,
    private readonly inventory: InventorySync,
    private readonly progressReporter: ProgressReporter,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  run<C extends object>(command: Envelope<C>, definition: OperationDefinition<C>): Promise<Outcome> {
    const current = this.running.get(command.id);
    if (current) return current;
    const run = this.execute(command, definition).finally(() => this.running.delete(command.id));
    this.running.set(command.id, run);
    return run;
  }

  private async execute<C extends object>(
    command: Envelope<C>,
    definition: OperationDefinition<C>,
  ): Promise<Outcome> {
    const started = Date.now();
    const operation = definition.operation;
    const fail = (
      code: ErrorCode,
      message: string,
      plan?: OperationPlan,
      upids: string[] = [],
      steps: string[] = [],
    ) =>
      emit(Subjects.proxmoxOperationFailed, {
        operation,
        ...(plan ? subjectFields(plan) : {}),
        ...(!plan && 'vmid' in command.data && typeof command.data.vmid === 'number'
          ? { vmid: command.data.vmid }
          : {}),
        code,
        message,
        upids,
        completedSteps: steps,
      });

    let target: ProxmoxTarget;
    let journal: CommandJournal;
    let plan: OperationPlan;
    try {
      target = this.targets.resolve(command.target);
      journal = await CommandJournal.open(this.journals, this.clock, {
        commandId: command.id,
        operation,
        target: target.name,
      });
      plan = await definition.plan(command.data, {
        target,
        client: target.client,
        journal,
        locate: (vmid, node, type) => this.locator.locate(target, vmid, node, type),
      });
    } catch (error) {
      const failure = this.classify(error);
      return fail(failure.code, failure.message);
    }

    const upids: string[] = [];
    const completed: string[] = [];
    for (const [index, step] of plan.steps.entries()) {
      try {
        const upid = await this.runStep(command, operation, target, journal, plan, step, index, started);
        if (upid) upids.push(upid);
        completed.push(step.name);
      } catch (error) {
        const failure = this.classify(error);
        return fail(
          failure.code,
          failure.message,
          plan,
          [...upids, ...this.failedUpid(journal, step)],
          completed,
        );
      }
    }

    const result = await plan
      .complete({ upids, durationMs: Date.now() - started })
      .catch((error: unknown) => {
        throw this.retryableOr(error);
      });
    await this.refreshInventory(target, result, command);
    return emit(Subjects.proxmoxOperationCompleted, result);
  }

  private async runStep(
    command: Envelope<unknown>,
    operation: OperationName,
    target: ProxmoxTarget,
    journal: CommandJournal,
    plan: OperationPlan,
    step: PlannedStep,
    index: number,
    operationStarted: number,
  ): Promise<string | undefined> {
    const record = journal.step(step.name);
    if (record?.state === 'done') return record.upid;
    const progress = (message: string, upid?: string): Promise<void> =>
      this.progress(command, {
        operation,
        ...('guest' in plan ? { vmid: plan.guest.vmid } : {}),
        node: step.task?.node ?? subjectFields(plan).node,
        step: step.name,
        stepIndex: index + 1,
        stepCount: plan.steps.length,
        ...(upid ? { upid } : {}),
        message,
        elapsedMs: Date.now() - operationStarted,
      });

    try {
      let upid =
        record?.upid ??
        (record && step.task ? await this.findTask(target, step.task, record.startedAt) : undefined);
      if (!upid) {
        await journal.started(step.name);
        await progress(`${step.name}: starting`);
        upid = (await step.run()) ?? undefined;
        if (upid) await journal.taskStarted(step.name, upid);
      }
      if (upid) {
        const status = await this.followTask(target, upid, (running) =>
          progress(`${step.name}: task ${running.type ?? ''} running`, upid),
        );
        if (!isSuccess(status.exitstatus)) {
          throw new OperationFailure(
            'TASK_FAILED',
            status.exitstatus ?? 'the task ended without an exit status',
          );
        }
      }
      await journal.done(step.name);
      await progress(`${step.name}: done`, upid);
      return upid;
    } catch (error) {
      throw this.retryableOr(error);
    }
  }

  /** Follows a task to its end, reporting progress while it runs. */
  private followTask(
    target: ProxmoxTarget,
    upid: string,
    onRunning: (status: PveTaskStatus) => Promise<void>,
  ): Promise<PveTaskStatus> {
    const node = upid.split(':')[1] as string;
    let lastReport = Date.now();
    return target.client.waitForTask(node, upid, {
      timeoutMs: target.settings.taskTimeoutMs,
      onProgress: (status) => {
        if (status.status !== 'running' || Date.now() - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = Date.now();
        void onRunning(status);
      },
    });
  }

  /** A task this step started before a crash, if Proxmox lists one since the step began. */
  private async findTask(
    target: ProxmoxTarget,
    task: NonNullable<PlannedStep['task']>,
    startedAt: string,
  ): Promise<string | undefined> {
    // PVE lists finished tasks unless asked; the one we look for may still be running.
    const since = Math.floor(Date.parse(startedAt) / 1000) - 2;
    const tasks = await target.client.listTasks(task.node, {
      ...(task.vmid === undefined ? {} : { vmid: task.vmid }),
      typefilter: task.type,
      source: 'all',
      since,
      limit: 20,
    });
    return tasks.filter((entry) => entry.starttime >= since).sort((a, b) => b.starttime - a.starttime)[0]
      ?.upid;
  }

  private failedUpid(journal: CommandJournal, step: PlannedStep): string[] {
    const upid = journal.step(step.name)?.upid;
    return upid ? [upid] : [];
  }

  private progress(command: Envelope<unknown>, data: OperationProgress): Promise<void> {
    return this.progressReporter.report(data, originFrom(command));
  }

  /** Reads the guest back into the inventory now, so reads right after see the change. */
  private async refreshInventory(
    target: ProxmoxTarget,
    result: OperationResult,
    command: Envelope<unknown>,
  ): Promise<void> {
    // Operations on a node's storage or tasks change no guest.
    if (!('vmid' in result)) return;
    const guest = result;
    // The result says where the guest is now (a migration moved it), so one status read does.
    await this.inventory
      .refreshGuest(target.name, guest.vmid, originFrom(command), { node: guest.node, type: guest.type })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, vmid: guest.vmid }, 'inventory refresh after operation failed'),
      );
  }

  /** Transient Proxmox failures are retried (the journal resumes); everything else passes on. */
  private retryableOr(error: unknown): unknown {
    if (error instanceof PveApiError && error.retryable) {
      return new HandlerError(platformCodeFor(error.code), error.message, true);
    }
    return error;
  }

  private classify(error: unknown): { code: ErrorCode; message: string } {
    if (error instanceof HandlerError && error.retryable) throw error;
    if (error instanceof HandlerError || error instanceof OperationFailure)
      return { code: error.code, message: error.message };
    if (error instanceof PveApiError) {
      if (error.retryable) throw new HandlerError(platformCodeFor(error.code), error.message, true);
      return { code: platformCodeFor(error.code), message: error.message };
    }
    throw error;
  }
}

/** Where an operation acts, for its failure and progress events. */
function subjectFields(plan: OperationPlan): { vmid?: number; node: string; type?: GuestType } {
  return 'guest' in plan
    ? { vmid: plan.guest.vmid, node: plan.guest.node, type: plan.guest.type }
    : { node: plan.node };
}

/** PVE reports `OK`, or `WARNINGS: n` for a task that succeeded with warnings. */
function isSuccess(exitstatus: string | undefined): boolean {
  return exitstatus === 'OK' || (exitstatus?.startsWith('WARNINGS: ') ?? false);
}
