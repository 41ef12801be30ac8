import { setTimeout as sleep } from 'node:timers/promises';
import { NoRespondersError, type MsgHdrs, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { QueryFailed } from './errors';

/** How often a query is sent again while nobody answers its subject (a service restarting). */
const NO_RESPONDERS_RETRY_MS = 250;

/**
 * Follows the connection's state for requests: whether it is up now, and a promise that
 * settles at the next reconnect, so a request waiting on a lost connection is sent again
 * at once instead of waiting out its deadline.
 */
export class ConnectionState {
  private up = true;
  private disconnects = 0;
  private nextReconnect!: Promise<void>;
  private reconnected!: () => void;

  constructor() {
    this.armReconnect();
  }

  get connected(): boolean {
    return this.up;
  }

  /** Counts the connection's losses, so a reader can tell whether one happened since it last looked. */
  get generation(): number {
    return this.disconnects;
  }

  disconnected(): void {
    this.up = false;
    this.disconnects += 1;
  }

  reconnect(): void {
    this.up = true;
    this.reconnected();
    this.armReconnect();
  }

  /** Resolves at the next reconnect. */
  whenReconnected(): Promise<void> {
    return this.nextReconnect;
  }

  private armReconnect(): void {
    this.nextReconnect = new Promise((resolve) => (this.reconnected = resolve));
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
      await Promise.race([connection.whenReconnected(), sleep(remaining())]);
      continue;
    }
    const attempt = await Promise.race<Attempt>([
      nats.request(options.subject, options.payload, { timeout: remaining(), headers: options.headers }).then(
        (reply): Attempt => ({ kind: 'reply', reply }),
        (error: unknown): Attempt => ({ kind: 'failed', error }),
      ),
      connection.whenReconnected().then((): Attempt => ({ kind: 'reconnected' })),
    ]);
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
