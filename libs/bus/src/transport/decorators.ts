import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { CommandSubject, EventSubject, QuerySubject } from '@proxmox-mpc/contracts';
import { PassThroughRpcFilter } from './pass-through.filter';

export type HandlerKind = 'command' | 'event' | 'query';

export interface HandlerExtras {
  kind: HandlerKind;
  /** Deliver the stored bytes without decoding (see RawBusMessage). */
  raw?: boolean;
  /** Messages handled at once by one replica; defaults to BusDefaults.concurrency. */
  concurrency?: number;
  /** A query every replica answers (no queue group); see OnQuery. */
  everyReplica?: boolean;
}

interface ConsumerOptions {
  concurrency?: number;
}

/**
 * Handles a command: executed once per command id (an inbox records it), and the events
 * it returns are published through the outbox in the same transaction.
 */
export function OnCommand(subject: CommandSubject, options: ConsumerOptions = {}): MethodDecorator {
  const extras: HandlerExtras = { kind: 'command', ...options };
  return applyDecorators(EventPattern(subject, extras), UseFilters(PassThroughRpcFilter));
}

/** Handles an event; the handler must be idempotent (events may be redelivered). */
export function OnEvent(subject: EventSubject, options: ConsumerOptions = {}): MethodDecorator {
  const extras: HandlerExtras = { kind: 'event', ...options };
  return applyDecorators(EventPattern(subject, extras), UseFilters(PassThroughRpcFilter));
}

/** Receives every stored message under a wildcard, undecoded (`cmd.>`, `evt.>`). */
export function OnRawMessage(
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
