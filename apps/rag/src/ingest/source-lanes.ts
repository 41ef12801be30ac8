import { Injectable } from '@nestjs/common';

/**
 * One lane per source: work on a source runs one piece at a time, in the order it was
 * asked for. A second ingest of a source then finds the first one's work done, and a
 * cluster's reconcile and its guests' events never write its documents at the same time.
 */
@Injectable()
export class SourceLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<R>(source: string, work: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(source) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.tails.set(source, next);
    void next
      .finally(() => {
        if (this.tails.get(source) === next) this.tails.delete(source);
      })
      .catch(() => undefined);
    return next;
  }
}
