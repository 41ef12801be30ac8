import { setTimeout as sleep } from 'node:timers/promises';
import { NoRespondersError, type MsgHdrs, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { QueryFailed } from './errors';

/** How often a query is sent again while nobody answers its subject (a service restarting). */
const NO_RESPONDERS_RETRY_MS = 250;

/**
 * Follows the connection's state for requests: whether it is up now, and a wait for the
 * next reconnect, so a request waiting on a lost connection is sent again at once instead
 * of waiting out its deadline.
 */
export class ConnectionState {
  private up = true;
  private disconnects = 0;
  /** Whoever waits for the next reconnect: a request in flight, or one waiting to be sent. */
  private readonly waiting = new Set<() => void>();

  get connected(): boolean {
    return this.up;
  }

  /** Counts the connection's losses, so a reader can tell whether one happened since it last looked. */
  get generation(): number {
    return this.disconnects;
  }

  /** How many waits for a reconnect are held: none once every request has ended. */
  get waitingForReconnect(): number {
    return this.waiting.size;
  }

  disconnected(): void {
    this.up = false;
    this.disconnects += 1;
  }

  reconnect(): void {
    this.up = true;
    for (const wake of this.waiting) wake();
    this.waiting.clear();
  }

  /**
   * Resolves at the next reconnect; `release` lets go of the wait when it is no longer
   * needed. A request that had each of its attempts wait on one promise kept every
   * attempt's reaction alive until the next reconnect: hundreds of megabytes after a
   * million queries on a connection that never dropped.
   */
  nextReconnect(): { reconnected: Promise<void>; release: () => void } {
    let wake!: () => void;
    const reconnected = new Promise<void>((resolve) => (wake = resolve));
    this.waiting.add(wake);
    return { reconnected, release: () => this.waiting.delete(wake) };
  }
}

export interface RequestOptions {
  subject: string;
  payload: string;
  headers: MsgHdrs;
  timeoutMs: number;
  /**
   * How long to keep asking while no service listens on the subject (one restarting),
   * within `timeoutMs`: a service that is simply not running should be said so soon.
   */
  noResponderPatienceMs: number;
}

type Attempt = { kind: 'reply'; reply: Msg } | { kind: 'reconnected' } | { kind: 'failed'; error: unknown };

/**
 * A query (read-only, so safe to send again) that survives a bus blip inside its deadline:
 * it waits for a lost connection to come back, sends again when a reconnect happens while
 * it waits, and again while no service answers its subject (one restarting). When the
 * deadline passes it says which of those it was: the bus unreachable, no service
 * answering, or an answer that did not come.
 */
export async function requestWithinDeadline(
  nats: NatsConnection,
  connection: ConnectionState,
  options: RequestOptions,
): Promise<Msg> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const remaining = (): number => deadline - Date.now();
  let lastProblem: 'bus' | 'no-responders' | 'timeout' = 'timeout';
  let noRespondersSince: number | undefined;
  while (remaining() > 0) {
    if (!connection.connected) {
      lastProblem = 'bus';
      await untilReconnected(connection, sleep(remaining()), undefined);
      continue;
    }
    const attempt = await untilReconnected<Attempt, Attempt>(
      connection,
      nats.request(options.subject, options.payload, { timeout: remaining(), headers: options.headers }).then(
        (reply): Attempt => ({ kind: 'reply', reply }),
        (error: unknown): Attempt => ({ kind: 'failed', error }),
      ),
      { kind: 'reconnected' },
    );
    if (attempt.kind === 'reply') return attempt.reply;
    if (attempt.kind === 'reconnected') {
      lastProblem = 'bus';
      continue;
    }
    if (isNoResponders(attempt.error)) {
      lastProblem = 'no-responders';
      noRespondersSince ??= Date.now();
      if (Date.now() - noRespondersSince >= options.noResponderPatienceMs) break;
      await sleep(Math.min(NO_RESPONDERS_RETRY_MS, Math.max(0, remaining())));
      continue;
    }
    if (!connection.connected) {
      lastProblem = 'bus';
      continue;
    }
    if (isTimeout(attempt.error)) {
      lastProblem = 'timeout';
      break;
    }
    throw new QueryFailed(options.subject, {
      code: 'BUS_UNAVAILABLE',
      message: `${options.subject} could not be sent: ${(attempt.error as Error).message}`,
    });
  }
  throw deadlineFailure(options.subject, Date.now() - started, lastProblem);
}

/** `work`'s result, or `onReconnect` if the connection comes back first. */
async function untilReconnected<T, R>(
  connection: ConnectionState,
  work: Promise<T>,
  onReconnect: R,
): Promise<T | R> {
  const wait = connection.nextReconnect();
  try {
    return await Promise.race([work, wait.reconnected.then(() => onReconnect)]);
  } finally {
    wait.release();
  }
}

function deadlineFailure(
  subject: string,
  waitedMs: number,
  problem: 'bus' | 'no-responders' | 'timeout',
): QueryFailed {
  const within = `within ${waitedMs} ms`;
  if (problem === 'bus')
    return new QueryFailed(subject, {
      code: 'BUS_UNAVAILABLE',
      message: `the message bus (NATS) was unreachable; ${subject} got no answer ${within}`,
    });
  if (problem === 'no-responders')
    return new QueryFailed(subject, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: `no service is answering ${subject} (asked for ${waitedMs} ms); is it running?`,
    });
  return new QueryFailed(subject, { code: 'TIMEOUT', message: `${subject} got no answer ${within}` });
}

/** Whether a request failed because nobody subscribes to its subject. */
export function isNoResponders(error: unknown): boolean {
  return (
    error instanceof NoRespondersError || (error as Error | undefined)?.cause instanceof NoRespondersError
  );
}

function isTimeout(error: unknown): boolean {
  return (error as Error).name === 'TimeoutError' || /timeout/i.test((error as Error).message);
}
