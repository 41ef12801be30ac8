import { context, trace } from '@opentelemetry/api';
import pino from 'pino';
import { currentCorrelationId } from './correlation';
import type { LogShipper } from './log-shipper';
import { redactSecrets } from './redact';

export type Logger = pino.Logger;

export interface LoggerOptions {
  service: string;
  level?: string;
  /** 1 = stdout, 2 = stderr (a stdio MCP server must keep stdout for the protocol), or a stream. */
  destination?: 1 | 2 | pino.DestinationStream;
  /** A second destination every record also goes to (the LOG stream, see LogShipper). */
  shipper?: LogShipper;
}

/**
 * JSON logs in which every line names the service and, when there is one, the trace,
 * span and correlation id of the work it belongs to. Secret-named fields are redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  const destination =
    typeof options.destination === 'object'
      ? options.destination
      : pino.destination({ fd: options.destination ?? 1, sync: false });
  return pino(
    {
      level,
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
    options.shipper && level !== 'silent' ? withShipper(destination, options.shipper, level) : destination,
  );
}

type Flushable = pino.DestinationStream & { flush?: (callback: (error?: Error) => void) => void };

/** Both destinations, each at the logger's level (a multistream entry defaults to info). */
function withShipper(destination: Flushable, shipper: LogShipper, level: string): pino.DestinationStream {
  const both = pino.multistream([
    { level: level as pino.Level, stream: destination },
    { level: level as pino.Level, stream: shipper },
  ]);
  // logger.flush() calls flush() on its stream, which a multistream lacks; without it the
  // last lines before process.exit could be lost.
  return Object.assign(both, {
    flush: (callback: (error?: Error) => void) =>
      destination.flush ? destination.flush(callback) : callback(),
  });
}

/** Nest injection token for the service's logger. */
export const LOGGER = Symbol('LOGGER');
