import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

// Buckets from 1 ms to 30 s: bus hops are milliseconds, Proxmox tasks are seconds.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Every metric the platform exports, defined once; services record, `/metrics` serves. */
export const Metrics = {
  messagesHandled: new Counter({
    name: 'mpc_messages_handled_total',
    help: 'Messages a service consumed, by subject, kind and outcome',
    labelNames: ['subject', 'kind', 'outcome'] as const,
  }),
  messageHandlingSeconds: new Histogram({
    name: 'mpc_message_handling_seconds',
    help: 'Time from receipt to ack, by subject, kind and outcome',
    labelNames: ['subject', 'kind', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  messagesPublished: new Counter({
    name: 'mpc_messages_published_total',
    help: 'Messages published, by subject and outcome',
    labelNames: ['subject', 'outcome'] as const,
  }),
  consumerPending: new Gauge({
    name: 'mpc_consumer_pending_messages',
    help: 'Messages waiting in a durable consumer (queue lag)',
    labelNames: ['stream', 'consumer'] as const,
  }),
  pveRequestSeconds: new Histogram({
    name: 'mpc_pve_request_seconds',
    help: 'Proxmox VE API latency, by target, method, path template and status',
    labelNames: ['target', 'method', 'path', 'status'] as const,
    buckets: LATENCY_BUCKETS,
  }),
  mcpToolCallSeconds: new Histogram({
    name: 'mpc_mcp_tool_call_seconds',
    help: 'MCP tool-call latency, by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
};

let defaultMetricsStarted = false;

/** Process metrics (CPU, memory, event loop lag); idempotent. */
export function collectProcessMetrics(): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics({ prefix: 'mpc_' });
}

export const metricsRegistry = register;
