/**
 * At most `limit` tasks at once; the rest wait in arrival order. A waiting task
 * whose signal aborts leaves the queue and rejects with the signal's reason.
 */
export class ConcurrencyLimiter {
  readonly #limit: number;
  #active = 0;
  readonly #queue: Array<{ start: () => void }> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError('PveClient: maxConcurrency must be an integer >= 1');
    }
    this.#limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get queued(): number {
    return this.#queue.length;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#acquire(signal);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.#limit) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#queue.indexOf(entry);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
      };
      const entry = {
        // The slot passes straight from the releasing task to this one.
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#queue.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) next.start();
    else this.#active -= 1;
  }
}
