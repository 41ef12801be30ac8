import type { SimulatorState } from '../../state/simulator-state';
import type { SimTask } from '../../tasks/sim-task';

/** A line PVE::Cluster::log_msg wrote to the system journal and the cluster log. */
export interface TaskLogEvent {
  /** Epoch seconds. */
  readonly time: number;
  readonly node: string;
  /** The daemon that forked the worker: API calls run in pvedaemon. */
  readonly tag: 'pvedaemon';
  /** pvedaemon's worker process; stable per task. */
  readonly pid: number;
  readonly user: string;
  readonly msg: string;
}

// pvedaemon runs a handful of workers; which one handled a call does not matter.
const PVEDAEMON_PIDS = [1_412, 1_413, 1_414] as const;

/**
 * What PVE::RESTEnvironment logs for every worker through syslog and the cluster log:
 * "starting task UPID:…" when it forks, "end task UPID:… <status>" when it exits.
 */
export function taskLogEvents(tasks: readonly SimTask[]): TaskLogEvent[] {
  return tasks.flatMap((task) => {
    const base = {
      node: task.node,
      tag: 'pvedaemon' as const,
      pid: PVEDAEMON_PIDS[task.pid % PVEDAEMON_PIDS.length] ?? PVEDAEMON_PIDS[0],
      user: task.user,
    };
    const events: TaskLogEvent[] = [{ ...base, time: task.starttime, msg: `starting task ${task.upid}` }];
    if (task.status === 'stopped' && task.endtime !== undefined) {
      events.push({
        ...base,
        time: task.endtime,
        msg: `end task ${task.upid} ${task.exitstatus ?? 'unexpected status'}`,
      });
    }
    return events;
  });
}

/**
 * Every line logged through PVE::Cluster::log_msg: the task lines, and what handlers log
 * themselves (qemu-server's "update VM <vmid>: …"), on any node.
 */
export function clusterLogEvents(state: SimulatorState): TaskLogEvent[] {
  const messages = state.clusterLog().map((message) => ({
    ...message,
    tag: 'pvedaemon' as const,
    pid: PVEDAEMON_PIDS[message.time % PVEDAEMON_PIDS.length] ?? PVEDAEMON_PIDS[0],
  }));
  return [...taskLogEvents(state.tasks()), ...messages];
}
