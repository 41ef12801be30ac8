import { trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeSDK } from '@opentelemetry/sdk-node';
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
 * Starts the OpenTelemetry SDK. Call before anything else in `main.ts`. Without an
 * exporter a tracer provider is still registered, so trace ids exist for logs,
 * propagation and tool results even when nobody collects the spans.
 */
export function startTracing(options: TracingOptions): TracingHandle {
  const spanProcessors: SpanProcessor[] = [
    ...(options.exportOtlp
      ? [new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 500 })]
      : []),
    ...(options.spanProcessors ?? []),
  ];
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      [ATTR_SERVICE_VERSION]: options.serviceVersion,
    }),
    spanProcessors: spanProcessors.length > 0 ? spanProcessors : [new NoopSpanProcessor()],
    // Metrics go through prom-client on /metrics and logs through pino: without these
    // empty lists the SDK would start OTLP metric and log exporters of its own.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

export function platformTracer(name: string): Tracer {
  return trace.getTracer(name);
}
