import type { ServerResponse } from 'node:http';

export interface RequestStatsSnapshot {
  /** API requests received and not yet answered (or abandoned by the client). */
  readonly inFlight: number;
  /** The most that were in flight at once since the last reset. */
  readonly maxInFlight: number;
  /** API requests received since the last reset. */
  readonly total: number;
  /** Of those, the ones that may change something (POST, PUT, DELETE). */
  readonly writes: number;
}

/** Counts API requests on the server side, so tests can see how many a client had in flight at once. */
export class RequestStats {
  #inFlight = 0;
  #maxInFlight = 0;
  #total = 0;
  #writes = 0;

  /** Counts the request until its response finishes or its connection closes. */
  track(method: string | undefined, response: ServerResponse): void {
    this.#inFlight += 1;
    this.#total += 1;
    if (method !== 'GET' && method !== 'HEAD') this.#writes += 1;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.#inFlight -= 1;
    };
    response.once('finish', finish);
    response.once('close', finish);
  }

  snapshot(): RequestStatsSnapshot {
    return {
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      total: this.#total,
      writes: this.#writes,
    };
  }

  /** Starts counting afresh; requests still in flight keep counting as in flight. */
  reset(): void {
    this.#maxInFlight = this.#inFlight;
    this.#total = 0;
    this.#writes = 0;
  }
}
