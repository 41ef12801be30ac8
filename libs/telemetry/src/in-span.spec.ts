import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { inSpan } from './in-span';
import { startTracing, type TracingHandle } from './tracing';

describe(inSpan.name, () => {
  const spans = new InMemorySpanExporter();
  let tracing: TracingHandle;
  const tracer = () => trace.getTracer('in-span-spec');

  beforeAll(() => {
    tracing = startTracing({
      serviceName: 'in-span-spec',
      serviceVersion: 'test',
      exportOtlp: false,
      spanProcessors: [new SimpleSpanProcessor(spans)],
    });
  });

  afterAll(() => tracing.shutdown());

  beforeEach(() => spans.reset());

  it('should run the work in the span, made active, and end it with what the work returns', async () => {
    const result = await inSpan(tracer(), 'work', {}, ROOT_CONTEXT, async (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      return 42;
    });

    expect(result).toBe(42);
    const [ended] = spans.getFinishedSpans();
    expect(ended?.name).toBe('work');
    expect(ended?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('should record what the work throws on the span, end it and throw it on', async () => {
    const failure = new Error('proxmox refused');

    await expect(inSpan(tracer(), 'work', {}, ROOT_CONTEXT, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );

    const [ended] = spans.getFinishedSpans();
    expect(ended?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'proxmox refused' });
    expect(ended?.events.map((event) => event.name)).toEqual(['exception']);
  });
});
