import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Gathers what callers hand over and runs one call per batch, one batch at a time: a
 * batch starts at the end of the turn its first item came in, or once the batch before it
 * has finished, whichever is later, with everything handed over until then. Each
 * caller's promise settles with its batch's call.
 */
export class SerialBatcher<T> {
  private pending: T[] = [];
  private upcoming: Promise<void> | undefined;
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly run: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    this.pending.push(item);
    if (!this.upcoming) {
      const batch = this.previous
        .then(() => nextTurn())
        .then(() => {
          const items = this.pending;
          this.pending = [];
          this.upcoming = undefined;
          return this.run(items);
        });
      this.upcoming = batch;
      this.previous = batch.catch(() => undefined);
    }
    return this.upcoming;
  }
}
