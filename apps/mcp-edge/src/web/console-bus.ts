import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { MessageBus, QueryFailed } from '@proxmox-mpc/bus';
import {
  ContractViolation,
  describeIssues,
  Subjects,
  type CommandSubject,
  type DataOf,
  type Origin,
  type OutcomeSubjectOf,
  type QueryInputOf,
  type QueryResponseOf,
  type QuerySubject,
} from '@proxmox-mpc/contracts';
import type { ConsoleSession } from './sessions/resume-session.use-case';

// Every command the console sends is answered by mcp-edge itself within milliseconds
// (a conditional write and an outbox flush); this only bounds a stalled bus.
const COMMAND_TIMEOUT_MS = 30_000;

/** The events that end a command as done (its contract's outcomes, not the transport's failure). */
type Succeeded<S extends CommandSubject> = Exclude<OutcomeSubjectOf<S>, typeof Subjects.busMessageFailed>;

/** What the platform said no to, in its own words, with its code. */
export class ConsoleRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How the web console reads and acts: over the bus, like the terminal console, as the
 * signed-in operator — the actor of every query and command is the session's identity
 * (`token:<name>`), so the audit log names who looked and who decided, and mcp-edge's
 * own rules (no self-approval, operator-only commands) apply unchanged.
 */
@Injectable()
export class ConsoleBus {
  constructor(private readonly bus: MessageBus) {}

  origin(session: ConsoleSession, target?: string): Origin {
    return {
      correlationId: `web-${randomUUID()}`,
      actor: { kind: 'operator', id: session.session.actorId },
      ...(target ? { target } : {}),
    };
  }

  async query<Q extends QuerySubject>(
    subject: Q,
    request: QueryInputOf<Q>,
    session: ConsoleSession,
    target?: string,
    options: { timeoutMs?: number } = {},
  ): Promise<QueryResponseOf<Q>> {
    try {
      return await this.bus.query(subject, request, this.origin(session, target), options);
    } catch (error) {
      throw refusalOf(error);
    }
  }

  /** The query's answer, or the refusal's text (a page shows what it could not read and goes on). */
  async tryQuery<Q extends QuerySubject>(
    subject: Q,
    request: QueryInputOf<Q>,
    session: ConsoleSession,
    target?: string,
    options: { timeoutMs?: number } = {},
  ): Promise<QueryResponseOf<Q> | ConsoleRefusal> {
    try {
      return await this.query(subject, request, session, target, options);
    } catch (error) {
      return error instanceof ConsoleRefusal
        ? error
        : new ConsoleRefusal('UNAVAILABLE', (error as Error).message);
    }
  }

  /** Sends a command and waits for its end; a refusal (`evt.bus.message.failed`) is thrown as ConsoleRefusal. */
  async execute<S extends CommandSubject>(
    subject: S,
    data: DataOf<S>,
    session: ConsoleSession,
    target?: string,
  ): Promise<{ correlationId: string; data: DataOf<Succeeded<S>> }> {
    const origin = this.origin(session, target);
    const outcome = await this.bus
      .execute(subject, data, origin, { timeoutMs: COMMAND_TIMEOUT_MS })
      .catch((error: unknown) => {
        throw refusalOf(error);
      });
    if (outcome.subject === Subjects.busMessageFailed) {
      const failed = outcome.envelope.data as DataOf<typeof Subjects.busMessageFailed>;
      throw new ConsoleRefusal(failed.code, failed.message);
    }
    return {
      correlationId: origin.correlationId,
      data: outcome.envelope.data as DataOf<Succeeded<S>>,
    };
  }
}

/** A query's refusal or a form value its contract refuses, as the console says it (fields named as in the form). */
function refusalOf(error: unknown): unknown {
  if (error instanceof QueryFailed) return new ConsoleRefusal(error.code, error.message);
  if (error instanceof ContractViolation) {
    const issues = error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^data\./, '') }));
    return new ConsoleRefusal('INVALID_MESSAGE', describeIssues(issues));
  }
  return error;
}
