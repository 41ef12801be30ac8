import type { Msg } from '@nats-io/transport-node';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describeIssues, queryContractFor, toValidationIssues, type ErrorBody } from '@proxmox-mpc/contracts';
import { databaseUnavailable } from '@proxmox-mpc/persistence';
import type { Logger } from '@proxmox-mpc/telemetry';
import { decodeQuery } from '../envelope-codec';
import { HandlerError } from '../errors';
import { headersToRecord } from '../nats-headers';
import { BusContext } from './bus-context';
import type { InvokeHandler } from './message-processor';
import { withReceiveSpan } from './received-message-span';

/** Answers one query: `{ ok: true, data }` or `{ ok: false, error }` naming what was wrong. */
export class QueryResponder {
  constructor(
    private readonly logger: Logger,
    private readonly queueGroup: string,
  ) {}

  async respond(message: Msg, invoke: InvokeHandler): Promise<void> {
    const decoded = decodeQuery(message.subject, message.data);
    await withReceiveSpan(
      { subject: message.subject, headers: message.headers, envelope: decoded.envelope },
      {
        name: `handle ${message.subject}`,
        spanKind: SpanKind.SERVER,
        kind: 'query',
        consumerGroup: this.queueGroup,
      },
      async (span) => {
        const reply = await this.answer(message, decoded, invoke);
        if (!reply.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: reply.error.message });
        message.respond(JSON.stringify(reply));
        return reply.ok ? 'ok' : reply.error.code;
      },
    );
  }

  private async answer(
    message: Msg,
    decoded: ReturnType<typeof decodeQuery>,
    invoke: InvokeHandler,
  ): Promise<{ ok: true; data: unknown } | { ok: false; error: ErrorBody }> {
    if (!decoded.ok) {
      return {
        ok: false,
        error: {
          code: 'INVALID_MESSAGE',
          message: `invalid ${message.subject} request: ${describeIssues(decoded.issues)}`,
          issues: decoded.issues,
        },
      };
    }
    try {
      const context = new BusContext([
        { subject: message.subject, deliveryCount: 1, headers: headersToRecord(message.headers) },
      ]);
      const result = await invoke(decoded.envelope, context);
      const checked = queryContractFor(message.subject)?.response.safeParse(result);
      if (!checked?.success) {
        const issues = checked ? toValidationIssues(checked.error, 'data') : [];
        this.logger.error(
          { subject: message.subject, issues },
          'query handler returned a reply that breaks its contract',
        );
        return {
          ok: false,
          error: { code: 'INTERNAL', message: `internal error answering ${message.subject}` },
        };
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (error instanceof HandlerError) {
        return {
          ok: false,
          error: {
            code: error.code,
            message: error.message,
            ...(error.issues ? { issues: error.issues } : {}),
          },
        };
      }
      const unavailable = databaseUnavailable(error);
      if (unavailable) {
        this.logger.warn(
          { err: error, subject: message.subject },
          'query not answered: the database is unavailable',
        );
        return {
          ok: false,
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: `${this.queueGroup}'s database is unavailable (${unavailable}); ask again once it is back`,
          },
        };
      }
      this.logger.error({ err: error, subject: message.subject }, 'query handler failed');
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `internal error answering ${message.subject}` },
      };
    }
  }
}
