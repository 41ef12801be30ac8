import type { SimulatorState } from '../state/simulator-state';
import type { SimTask } from '../tasks/sim-task';
import { type TaskRequest, TaskEngine } from '../tasks/task-engine';
import type { FaultInjector } from './fault-injector';

/**
 * The task engine with injected task failures: a worker picked to fail does none of
 * its work and stops with the configured exit status, as a PVE worker that died.
 */
export class FaultInjectingTaskEngine extends TaskEngine {
  readonly #faults: FaultInjector;

  constructor(
    state: SimulatorState,
    timings: ConstructorParameters<typeof TaskEngine>[1],
    faults: FaultInjector,
  ) {
    super(state, timings);
    this.#faults = faults;
  }

  override start(request: TaskRequest): SimTask {
    const exitstatus = this.#faults.takeTaskFailure(request.type);
    if (exitstatus === undefined) return super.start(request);
    const { node, type, id, user } = request;
    return super.start({
      node,
      type,
      id,
      user,
      work: () => {
        throw new Error(exitstatus);
      },
    });
  }
}
