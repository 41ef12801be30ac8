import type { ClusterNode } from '../state/cluster-node';
import type { SimulatorState } from '../state/simulator-state';
import type { SimTask } from './sim-task';
import { formatUpid } from './upid';

/** What a worker body sees: its task and PVE's ways of writing to the task log. */
export interface TaskContext {
  readonly task: SimTask;
  /** A line the worker prints (it lands in the task log as is). */
  log(line: string): void;
  /** PVE's log_warn: a "WARN: …" line, counted into the exit status "WARNINGS: n". */
  warn(message: string): void;
}

/** The body of a worker; throwing an Error fails the task with its message, as `die` does in PVE. */
export type TaskWork = (context: TaskContext) => void;

export interface TaskRequest {
  readonly node: ClusterNode;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  /**
   * Runs as the worker starts, before the UPID is answered: what a PVE worker does in its
   * first moments (taking a guest's lock). Throwing ends the task at once.
   */
  readonly begin?: TaskWork;
  /** Runs when the task's time is up. */
  readonly work: TaskWork;
  /**
   * Earlier stages, run at even intervals before `work`, for workers that visibly move
   * on while they run (a backup job locking one guest after another). A stage that
   * throws ends the task at once.
   */
  readonly stages?: readonly TaskWork[];
  /** Cleans up after an interrupt (a stopped task), as a worker's signal handler does. */
  readonly interrupted?: TaskWork;
}

/** How long simulated work takes. */
export interface TaskTimings {
  /** How long a task reads 'running' before it finishes, unless its type has its own. */
  readonly defaultMs: number;
  /** Per worker type, e.g. `{ vzdump: 2_000, qmigrate: 1_000 }`. */
  readonly byTypeMs?: Readonly<Record<string, number>>;
  /** After a VM with the agent enabled started, how long until its QEMU guest agent answers. */
  readonly guestAgentDelayMs?: number;
}

// Linux USER_HZ: PVE's pstart is the worker's start time in clock ticks since boot.
const CLOCK_TICKS_PER_SECOND = 100;
// Worker PIDs on a node that has been up a while; any plausible value works.
const FIRST_WORKER_PID = 172_000;
// A guest agent inside a booting VM takes a moment; short enough for tests to wait for.
const DEFAULT_GUEST_AGENT_DELAY_MS = 200;

/**
 * Runs workers the way PVE's `fork_worker` appears to API clients: the UPID is
 * returned at once, the task reads 'running' for its type's duration while its stages
 * run, then the work runs and the task stops with 'OK', 'WARNINGS: n' or the error.
 */
export class TaskEngine {
  readonly #state: SimulatorState;
  readonly #timings: TaskTimings;
  readonly #pending = new Set<NodeJS.Timeout>();
  /** The cleanup of each running task that has one, with what its worker writes to. */
  readonly #cleanups = new Map<string, () => void>();
  readonly #nextPid = new Map<string, number>();

  constructor(state: SimulatorState, timings: number | TaskTimings) {
    this.#state = state;
    this.#timings = typeof timings === 'number' ? { defaultMs: timings } : timings;
  }

  /** How long after a VM start its guest agent answers. */
  get guestAgentDelayMs(): number {
    return this.#timings.guestAgentDelayMs ?? DEFAULT_GUEST_AGENT_DELAY_MS;
  }

  durationMs(type: string): number {
    return this.#timings.byTypeMs?.[type] ?? this.#timings.defaultMs;
  }

  start(request: TaskRequest): SimTask {
    const now = Date.now();
    const pid = this.#allocatePid(request.node.name);
    const fields = {
      node: request.node.name,
      pid,
      pstart: Math.floor(((now - request.node.bootedAt) / 1000) * CLOCK_TICKS_PER_SECOND),
      starttime: Math.floor(now / 1000),
      type: request.type,
      id: request.id,
      user: request.user,
    };
    const task: SimTask = { ...fields, upid: formatUpid(fields), status: 'running', log: [] };
    this.#state.addTask(task);

    let warnings = 0;
    const context: TaskContext = {
      task,
      log: (line) => task.log.push(...line.replace(/\n$/, '').split('\n')),
      warn: (message) => {
        warnings += 1;
        task.log.push(`WARN: ${message.replace(/\n$/, '')}`);
      },
    };
    const { interrupted } = request;
    if (interrupted) this.#cleanups.set(task.upid, () => interrupted(context));
    if (request.begin) {
      try {
        request.begin(context);
      } catch (error: unknown) {
        this.#stop(task, { error: error instanceof Error ? error.message : String(error) });
        return task;
      }
    }
    const steps = [...(request.stages ?? []), request.work];
    const duration = this.durationMs(request.type);
    const runStep = (index: number) => {
      const step = steps[index];
      if (task.status === 'stopped' || !step) return;
      try {
        step(context);
      } catch (error: unknown) {
        this.#stop(task, { error: error instanceof Error ? error.message : String(error) });
        return;
      }
      if (index === steps.length - 1) this.#stop(task, { warnings });
      else this.#schedule(() => runStep(index + 1), duration / steps.length);
    };
    this.#schedule(() => runStep(0), duration / steps.length);
    return task;
  }

  /**
   * RPCEnvironment::check_worker with `killit`: a running worker gets SIGTERM, whose
   * handler dies with "received interrupt", and none of its later stages run. A task
   * that has ended is left as it is.
   */
  interrupt(upid: string): void {
    const task = this.#state.task(upid);
    if (task?.status !== 'running') return;
    this.#cleanups.get(upid)?.();
    this.#stop(task, { error: 'received interrupt' });
  }

  /** Cancels pending completions; their tasks stay 'running', as after a node crash. */
  dispose(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  #schedule(run: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      run();
    }, delayMs);
    // A task still pending must not keep a process alive once the simulator is stopped.
    timer.unref();
    this.#pending.add(timer);
  }

  /** PVE::RESTEnvironment's worker exit: the last log line carries the status that UPID readers parse. */
  #stop(task: SimTask, outcome: { error: string } | { warnings: number }): void {
    this.#cleanups.delete(task.upid);
    if ('error' in outcome) {
      // Like PVE: chomp, then newlines become spaces.
      task.exitstatus = outcome.error.replace(/\n$/, '').replace(/\n/g, ' ');
      task.log.push(`TASK ERROR: ${task.exitstatus}`);
    } else if (outcome.warnings > 0) {
      task.exitstatus = `WARNINGS: ${outcome.warnings}`;
      task.log.push(`TASK ${task.exitstatus}`);
    } else {
      task.exitstatus = 'OK';
      task.log.push('TASK OK');
    }
    task.status = 'stopped';
    task.endtime = Math.floor(Date.now() / 1000);
  }

  #allocatePid(node: string): number {
    const pid = this.#nextPid.get(node) ?? FIRST_WORKER_PID;
    this.#nextPid.set(node, pid + 1);
    return pid;
  }
}
