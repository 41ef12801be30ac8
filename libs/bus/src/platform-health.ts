import { PLATFORM_SERVICES, Subjects, type Origin, type ServiceHealth } from '@proxmox-mpc/contracts';
import { redactUrlCredentials } from '@proxmox-mpc/telemetry';
import { QueryFailed } from './errors';
import type { MessageBus } from './message-bus';

// Replicas answer within milliseconds; a checks' own timeout is 2 s (HealthRegistry).
const GATHER_WINDOW_MS = 2_500;
// A durable consumer further behind than this is worth a look (the MpcConsumerLagging alert uses 500 for 10 minutes).
export const LAGGING_CONSUMER = 500;

export interface ServiceStatus {
  service: string;
  ok: boolean;
  /** Why it is not ok: no replica answered, or the checks that failed. */
  problem?: string;
  replicas: ServiceHealth[];
}

export interface StreamStatus {
  name: string;
  messages: number;
  bytes: number;
  consumers: number;
}

export interface ConsumerStatus {
  stream: string;
  name: string;
  /** Messages not yet delivered to it. */
  pending: number;
  /** Delivered and not yet acknowledged. */
  ackPending: number;
  redelivered: number;
  lagging: boolean;
}

/** The platform at a glance: NATS and its streams, every service's replicas and their checks. */
export interface PlatformHealth {
  ok: boolean;
  nats: { ok: boolean; server: string; version?: string; rttMs?: number; problem?: string };
  services: ServiceStatus[];
  streams: StreamStatus[];
  consumers: ConsumerStatus[];
}

/**
 * Asks every replica of every service for its health (`qry.platform.health`, which each
 * answers for itself) and JetStream for its streams and consumer lag. Healthy means NATS
 * answers, the CMD and EVT streams exist, and every service has a replica whose checks
 * (NATS, PostgreSQL, and each Proxmox cluster on the agent) all pass. Operators' faces
 * (the console, the web console) share it, so both judge health alike.
 */
export async function readPlatformHealth(
  bus: MessageBus,
  origin: Origin,
  options: { includeConfig?: boolean } = {},
): Promise<PlatformHealth> {
  const [replies, jetstream, rttMs] = await Promise.all([
    bus.gather(Subjects.platformHealth, options.includeConfig ? { includeConfig: true } : {}, origin, {
      windowMs: GATHER_WINDOW_MS,
    }),
    readJetStream(bus),
    bus.nats.rtt().catch(() => undefined),
  ]);
  const replicas = replies.filter((reply): reply is ServiceHealth => !(reply instanceof QueryFailed));
  const services = [...new Set([...PLATFORM_SERVICES, ...replicas.map((reply) => reply.service)])].map(
    (service) =>
      statusOf(
        service,
        replicas.filter((reply) => reply.service === service),
      ),
  );
  const nats = {
    ok: rttMs !== undefined,
    server: redactUrlCredentials(bus.options.natsUrl),
    ...(bus.nats.info?.version ? { version: bus.nats.info.version } : {}),
    ...(rttMs === undefined ? { problem: 'no answer to a ping' } : { rttMs: Math.round(rttMs) }),
  };
  const streamsOk = ['CMD', 'EVT'].every((name) => jetstream.streams.some((stream) => stream.name === name));
  return {
    ok: nats.ok && streamsOk && !jetstream.problem && services.every((service) => service.ok),
    nats: jetstream.problem ? { ...nats, ok: false, problem: jetstream.problem } : nats,
    services,
    streams: jetstream.streams,
    consumers: jetstream.consumers,
  };
}

function statusOf(service: string, replicas: ServiceHealth[]): ServiceStatus {
  if (replicas.length === 0) return { service, ok: false, problem: 'no replica answered', replicas };
  const failing = replicas.flatMap((replica) =>
    Object.entries(replica.checks)
      .filter(([, check]) => !check.ok)
      .map(([name, check]) => `${name}: ${check.detail ?? 'failed'}`),
  );
  return failing.length === 0
    ? { service, ok: true, replicas }
    : { service, ok: false, problem: [...new Set(failing)].join('; '), replicas };
}

async function readJetStream(
  bus: MessageBus,
): Promise<{ streams: StreamStatus[]; consumers: ConsumerStatus[]; problem?: string }> {
  const streams: StreamStatus[] = [];
  const consumers: ConsumerStatus[] = [];
  try {
    for await (const stream of bus.manager.streams.list()) {
      streams.push({
        name: stream.config.name,
        messages: stream.state.messages,
        bytes: stream.state.bytes,
        consumers: stream.state.consumer_count,
      });
      for await (const consumer of bus.manager.consumers.list(stream.config.name)) {
        consumers.push({
          stream: stream.config.name,
          name: consumer.name,
          pending: consumer.num_pending,
          ackPending: consumer.num_ack_pending,
          redelivered: consumer.num_redelivered,
          lagging: consumer.num_pending > LAGGING_CONSUMER,
        });
      }
    }
  } catch (error) {
    return { streams, consumers, problem: `JetStream: ${(error as Error).message}` };
  }
  return { streams: streams.sort((a, b) => a.name.localeCompare(b.name)), consumers };
}
