import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  serviceName: string;
  serviceVersion: string;
  /** Export spans over OTLP/HTTP; the exporter reads OTEL_EXPORTER_OTLP_* itself. */
  exportOtlp: boolean;
  /** More processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
}

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * Starts tracing. Call before anything else in `main.ts`. Without an exporter a tracer
 * provider is still registered, so trace ids exist for logs, propagation and tool
 * results even when nobody collects the spans. Registering the provider also installs
 * the AsyncLocalStorage context manager and the W3C trace-context and baggage
 * propagators: all the SDK this platform uses. (`@opentelemetry/sdk-node` did the same
 * but loaded every exporter it can configure, gRPC and protobuf included: 40 % of a
 * service's start-up and tens of MiB resident for code never called.)
 */
export function startTracing(options: TracingOptions): TracingHandle {
  const spanProcessors: SpanProcessor[] = [
    ...(options.exportOtlp
      ? [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 500 })]
      : []),
    ...(options.spanProcessors ?? []),
  ];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
    }),
    spanProcessors: spanProcessors.length > 0 ? spanProcessors : [new NoopSpanProcessor()],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

export function platformTracer(name: string): Tracer {
  return trace.getTracer(name);
}
