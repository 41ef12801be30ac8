import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { CommandSubject, EventSubject, QuerySubject } from '@proxmox-mpc/contracts';
import { PassThroughRpcFilter } from './pass-through.filter';

export type HandlerKind = 'command' | 'event' | 'query';

export interface HandlerExtras {
  kind: HandlerKind;
  /** Deliver decoded envelopes in batches (see OnEvents). */
  batch?: boolean;
  /** Deliver the stored bytes without decoding (see RawBusMessage), in batches (see OnRawMessages). */
  raw?: boolean;
  /** Messages handled at once by one replica; defaults to BusDefaults.concurrency. */
  concurrency?: number;
  /** A query every replica answers, or an event every replica receives (no queue group, nothing stored); see OnQuery, OnEvent. */
  everyReplica?: boolean;
}

interface ConsumerOptions {
  concurrency?: number;
}

interface EventOptions extends ConsumerOptions {
  /**
   * Every replica receives the event as it is published, over a plain subscription
   * instead of the service's durable consumer: nothing is stored for it, acked or
   * redelivered, and one published while the replica is away never reaches it. For state
   * each replica holds in memory (a cache an event makes stale), which the handler must
   * drop anyway when the replica's connection to the bus is lost.
   */
  everyReplica?: boolean;
}

/**
 * Handles a command: executed once per command id (an inbox records it), and the events
 * it returns are published through the outbox in the same transaction.
 */
export function OnCommand(subject: CommandSubject, options: ConsumerOptions = {}): MethodDecorator {
  const extras: HandlerExtras = { kind: 'command', ...options };
  return applyDecorators(EventPattern(subject, extras), UseFilters(PassThroughRpcFilter));
}

/**
 * Handles an event, or each of several alike (one handler per subject, with the same
 * options); the handler must be idempotent (events may be redelivered).
 */
export function OnEvent(
  subject: EventSubject | readonly EventSubject[],
  options: EventOptions = {},
): MethodDecorator {
  const extras: HandlerExtras = { kind: 'event', ...options };
  return applyDecorators(EventPattern([subject].flat(), extras), UseFilters(PassThroughRpcFilter));
}

/**
 * Handles an event in batches of what has arrived: the handler takes `Envelope[]` (the
 * events of one trace and correlation id) and returns the events to emit for all of
 * them, caused by the first. One span per call, in that trace; the batch is acked
 * together once the handler resolved. If it throws, each event is handled again alone
 * and retried or given up on as with `OnEvent`, so the handler must be idempotent. For
 * handlers whose work is cheaper per batch: a full sync announces thousands of guests at
 * once. `concurrency` counts events, across the two batches in flight.
 */
export function OnEvents(subject: EventSubject, options: ConsumerOptions = {}): MethodDecorator {
  const extras: HandlerExtras = { kind: 'event', batch: true, ...options };
  return applyDecorators(EventPattern(subject, extras), UseFilters(PassThroughRpcFilter));
}

/**
 * Receives every stored message under a wildcard (`cmd.>`, `evt.>`), undecoded, in
 * batches of what has arrived: the handler takes `RawBusMessage[]` and resolves with its
 * `RawBatchFailures` once it is done with them. One ack per message, as for any handler,
 * one span per subject, trace and correlation id among them (as `OnEvents`), and one
 * handler call per batch: for a consumer that keeps everything and writes it in bulk
 * (audit). `concurrency` counts messages, across the batches in flight.
 */
export function OnRawMessages(
  filter: `cmd.${string}` | `evt.${string}`,
  options: ConsumerOptions = {},
): MethodDecorator {
  const extras: HandlerExtras = { kind: 'event', raw: true, ...options };
  return applyDecorators(EventPattern(filter, extras), UseFilters(PassThroughRpcFilter));
}

/**
 * Answers a read-only query; replicas share the load through a queue group. With
 * `everyReplica`, each replica answers for itself instead (a caller gathers the replies
 * with `MessageBus.gather`): for questions about the replica, such as its health.
 */
export function OnQuery(subject: QuerySubject, options: { everyReplica?: boolean } = {}): MethodDecorator {
  const extras: HandlerExtras = { kind: 'query', ...options };
  return applyDecorators(MessagePattern(subject, extras), UseFilters(PassThroughRpcFilter));
}
