/** One change at a time per workspace, across every replica that shares the workspaces. */
export abstract class WorkspaceLock {
  /** Runs `work` once no other holder of `workspace`'s lock is running, and releases the lock after. */
  abstract hold<T>(workspace: string, work: () => Promise<T>): Promise<T>;
}
