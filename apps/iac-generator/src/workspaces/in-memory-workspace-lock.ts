import { WorkspaceLock } from './workspace-lock';

/** Turns taken within one process, for unit tests of the use cases. */
export class InMemoryWorkspaceLock extends WorkspaceLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  hold<T>(workspace: string, work: () => Promise<T>): Promise<T> {
    const turn = (this.tails.get(workspace) ?? Promise.resolve()).then(work);
    this.tails.set(
      workspace,
      turn.catch(() => undefined),
    );
    return turn;
  }
}
