/** A target's lock, held until released. */
export interface HeldTargetLock {
  release(): Promise<void>;
}

/**
 * One syncing replica per target: whoever holds a target's lock is the only one writing
 * its inventory.
 */
export abstract class TargetSyncLock {
  /** The lock if it is free now; undefined while someone else holds it. */
  abstract tryAcquire(target: string): Promise<HeldTargetLock | undefined>;
}
