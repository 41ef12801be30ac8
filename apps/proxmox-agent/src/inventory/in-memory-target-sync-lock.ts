import { TargetSyncLock, type HeldTargetLock } from './target-sync-lock';

/** Locks in a set: share one between two InventorySync instances to play two replicas. */
export class InMemoryTargetSyncLock extends TargetSyncLock {
  readonly held = new Set<string>();

  async tryAcquire(target: string): Promise<HeldTargetLock | undefined> {
    if (this.held.has(target)) return undefined;
    this.held.add(target);
    return { release: async () => void this.held.delete(target) };
  }
}
