import { context, trace } from '@opentelemetry/api';
import pino from 'pino';
import { currentCorrelationId } from './correlation';
import { redactSecrets } from './redact';

export type Logger = pino.Logger;

export interface LoggerOptions {
  service: string;
  level?: string;
  /** 1 = stdout, 2 = stderr (a stdio MCP server must keep stdout for the protocol), or a stream. */
  destination?: 1 | 2 | pino.DestinationStream;
}

/**
 * JSON logs in which every line names the service and, when there is one, the trace,
 * span and correlation id of the work it belongs to. Secret-named fields are redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactSecrets(object),
      },
      mixin() {
        const fields: Record<string, string> = {};
        const spanContext = trace.getSpan(context.active())?.spanContext();
        if (spanContext && trace.isSpanContextValid(spanContext)) {
          fields.trace_id = spanContext.traceId;
          fields.span_id = spanContext.spanId;
        }
        const correlationId = currentCorrelationId();
        if (correlationId) fields.correlation_id = correlationId;
        return fields;
      },
    },
    typeof options.destination === 'object'
      ? options.destination
      : pino.destination({ fd: options.destination ?? 1, sync: false }),
  );
}

/** Nest injection token for the service's logger. */
export const LOGGER = Symbol('LOGGER');
