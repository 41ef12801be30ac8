import { PveApiError } from '../errors/pve-api-error';
import { delay } from '../http/delay';
import type { PveTaskStatus } from '../types/pve-task';

export interface WaitForTaskOptions {
  /** Longest pause between two status reads; default 1_000. Polling starts faster and backs off to it. */
  pollIntervalMs?: number;
  /** Give up (PveApiError TIMEOUT) after this long; default 600_000. */
  timeoutMs?: number;
  /** Stops waiting; the wait then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with every status read, running ones and the final one. */
  onProgress?: (status: PveTaskStatus) => void;
}

// PVE's own web UI reads a running task's status once a second; many power tasks end
// well within that, so the first reads come sooner and back off to the ceiling.
const DEFAULT_POLL_INTERVAL_MS = 1_000;
const FIRST_POLL_MS = 50;
// Covers a graceful shutdown (PVE waits up to 180 s by default) with room to spare;
// longer tasks such as migrations pass their own limit.
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * Polls a task until PVE reports it stopped and resolves with that final status,
 * whatever its exit status: whether a failed task is an error is the caller's call.
 */
export async function waitForTask(
  readStatus: (signal: AbortSignal) => Promise<PveTaskStatus>,
  label: string,
  options: WaitForTaskOptions = {},
): Promise<PveTaskStatus> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  try {
    for (let poll = 0; ; poll += 1) {
      const status = await readStatus(signal);
      options.onProgress?.(status);
      if (status.status === 'stopped') return status;
      await delay(Math.min(FIRST_POLL_MS * 2 ** poll, pollIntervalMs), signal);
    }
  } catch (error: unknown) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (deadline.aborted) {
      throw new PveApiError({
        code: 'TIMEOUT',
        message: `${label}: task still running after ${timeoutMs} ms`,
      });
    }
    throw error;
  }
}
