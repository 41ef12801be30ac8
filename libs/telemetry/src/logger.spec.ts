import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { withCorrelationId } from './correlation';
import { createLogger } from './logger';

describe(createLogger.name, () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });

  afterAll(() => {
    context.disable();
  });

  it('should stamp each line with the service, trace, span and correlation id, and redact secrets', () => {
    const logger = createLogger({ service: 'spec', destination: sink });
    const tracer = new BasicTracerProvider().getTracer('spec');
    tracer.startActiveSpan('work', (span) => {
      withCorrelationId('corr-9', () => logger.info({ vmid: 100, password: 'hunter2' }, 'powering on'));
      span.end();
      expect(lines.at(-1)).toMatchObject({
        service: 'spec',
        level: 'info',
        msg: 'powering on',
        vmid: 100,
        password: '[REDACTED]',
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
        correlation_id: 'corr-9',
      });
    });
  });

  it('should leave out trace fields outside a span', () => {
    createLogger({ service: 'spec', destination: sink }).info('idle');
    expect(lines.at(-1)).not.toHaveProperty('trace_id');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
