import { Subjects } from '@proxmox-mpc/contracts';
import { Counter, Gauge, Histogram, collectDefaultMetrics, register } from 'prom-client';

// Buckets from 1 ms to 30 s: bus hops are milliseconds, Proxmox tasks are seconds.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The metrics every service exports, defined once; services record, `/metrics` serves.
 * (A service's own, such as the audit chain's, live in that service.) Names follow
 * Prometheus' rules (`promtool check metrics`): counters end in `_total`, nothing else
 * does, and the unit is in the name, in base units.
 */
export const Metrics = {
  /** 1 per running service, so dashboards and alerts can tell the platform's targets from others'. */
  buildInfo: new Gauge({
    name: 'mpc_build_info',
    help: 'Always 1: the service (component) and the platform version it runs',
    labelNames: ['component', 'version'] as const,
  }),
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
  logRecordsDropped: new Counter({
    name: 'mpc_log_records_dropped_total',
    help: 'Log records not shipped to the LOG stream (bus away, record too large); stdout still has them',
  }),
  mcpToolCallSeconds: new Histogram({
    name: 'mpc_mcp_tool_call_seconds',
    help: 'MCP tool-call latency, by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
  }),
};

/**
 * prom-client's default metrics that are gauges named `_total`, which Prometheus reserves
 * for counters (promtool rejects them). Each has a per-type gauge without the suffix beside
 * it (`nodejs_active_handles{type}`), whose sum is the same number.
 */
const GAUGES_NAMED_LIKE_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * Failure events the alert rules count with increase(). A labelled counter has no series
 * until its first increment, and increase() cannot see the step from nothing to 1, so
 * these start at 0 in every service (each counts what it published itself).
 */
const ALERTED_FAILURE_SUBJECTS = [
  Subjects.busMessageFailed,
  Subjects.proxmoxOperationFailed,
  Subjects.iacFailed,
];

let defaultMetricsStarted = false;

export interface ServiceIdentity {
  service: string;
  version: string;
}

/**
 * A service's metrics beyond what it records as it works: `mpc_build_info`, the alerted
 * failure counters at 0, and process metrics (CPU, memory, event loop lag) under the names
 * stock Node.js dashboards query (`process_cpu_seconds_total`, `nodejs_eventloop_lag_seconds`,
 * …), started once per process however many services run in it.
 */
export function startServiceMetrics(identity: ServiceIdentity): void {
  Metrics.buildInfo.set({ component: identity.service, version: identity.version }, 1);
  for (const subject of ALERTED_FAILURE_SUBJECTS)
    Metrics.messagesPublished.inc({ subject, outcome: 'ok' }, 0);
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics();
  for (const name of GAUGES_NAMED_LIKE_COUNTERS) register.removeSingleMetric(name);
}

export const metricsRegistry = register;
