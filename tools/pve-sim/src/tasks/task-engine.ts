import type { ClusterNode } from '../state/cluster-node';
import type { SimulatorState } from '../state/simulator-state';
import type { SimTask } from './sim-task';
import { formatUpid } from './upid';

/** The body of a worker; throwing an Error fails the task with its message, as `die` does in PVE. */
export type TaskWork = (task: SimTask) => void;

export interface TaskRequest {
  readonly node: ClusterNode;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly work: TaskWork;
}

// Linux USER_HZ: PVE's pstart is the worker's start time in clock ticks since boot.
const CLOCK_TICKS_PER_SECOND = 100;
// Worker PIDs on a node that has been up a while; any plausible value works.
const FIRST_WORKER_PID = 172_000;

/**
 * Runs workers the way PVE's `fork_worker` appears to API clients: the UPID is
 * returned at once, the task reads 'running' for the configured duration, then the
 * work runs and the task stops with 'OK' or the error text.
 */
export class TaskEngine {
  readonly #state: SimulatorState;
  readonly #durationMs: number;
  readonly #pending = new Set<NodeJS.Timeout>();
  readonly #nextPid = new Map<string, number>();

  constructor(state: SimulatorState, durationMs: number) {
    this.#state = state;
    this.#durationMs = durationMs;
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
    const task: SimTask = { ...fields, upid: formatUpid(fields), status: 'running' };
    this.#state.addTask(task);

    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      this.#finish(task, request.work);
    }, this.#durationMs);
    // A task still pending must not keep a process alive once the simulator is stopped.
    timer.unref();
    this.#pending.add(timer);
    return task;
  }

  /** Cancels pending completions; their tasks stay 'running', as after a node crash. */
  dispose(): void {
    for (const timer of this.#pending) clearTimeout(timer);
    this.#pending.clear();
  }

  #finish(task: SimTask, work: TaskWork): void {
    try {
      work(task);
      task.exitstatus = 'OK';
    } catch (error: unknown) {
      task.exitstatus = error instanceof Error ? error.message : String(error);
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
