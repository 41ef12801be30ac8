import type { z } from 'zod';
import { MessageFailedContract } from './bus/message-failed';
import type { AnyContract, CommandContract, EventContract, QueryContract } from './define';
import * as messages from './messages';

/** Every contract that messages.ts exports: the one list the tables below are built from. */
type RegisteredContract = Extract<(typeof messages)[keyof typeof messages], AnyContract>;
type RegisteredMessage = Extract<RegisteredContract, CommandContract | EventContract>;
type RegisteredQuery = Extract<RegisteredContract, QueryContract>;

const CONTRACT_KINDS: ReadonlySet<unknown> = new Set<AnyContract['kind']>(['command', 'event', 'query']);

/** Picks what `defineCommand`, `defineEvent` and `defineQuery` returned out of everything messages.ts exports. */
function isContract<T>(value: T): value is Extract<T, AnyContract> {
  return (
    typeof value === 'object' &&
    value !== null &&
    CONTRACT_KINDS.has((value as Partial<AnyContract>).kind) &&
    typeof (value as Partial<AnyContract>).subject === 'string'
  );
}

/** Every registered contract, commands, events and queries, in messages.ts order. */
export const registeredContracts: readonly RegisteredContract[] = Object.values(messages).filter(isContract);

function bySubject<C extends AnyContract>(contracts: readonly C[]): Record<string, C> {
  return Object.fromEntries(contracts.map((contract) => [contract.subject, contract]));
}

/** Every command and event, keyed by subject: the one table producers and consumers share. */
export const MessageContracts = bySubject(
  registeredContracts.filter((contract) => contract.kind !== 'query'),
) as { readonly [C in RegisteredMessage as C['subject']]: C };

/** Every query, keyed by subject. */
export const QueryContracts = bySubject(
  registeredContracts.filter((contract) => contract.kind === 'query'),
) as {
  readonly [C in RegisteredQuery as C['subject']]: C;
};

type Messages = typeof MessageContracts;
type Queries = typeof QueryContracts;

export type MessageSubject = keyof Messages;
export type CommandSubject = {
  [S in MessageSubject]: Messages[S] extends CommandContract ? S : never;
}[MessageSubject];
export type EventSubject = {
  [S in MessageSubject]: Messages[S] extends EventContract ? S : never;
}[MessageSubject];
export type QuerySubject = keyof Queries;

/** The payload type published on `S`: `publish(subject, data)` does not compile with the wrong one. */
export type DataOf<S extends MessageSubject> = z.infer<Messages[S]['data']>;
/** The events that can end command `S`, plus the transport's own give-up event. */
export type OutcomeSubjectOf<S extends CommandSubject> =
  | Extract<Messages[S] extends CommandContract<string, z.ZodType, infer O> ? O[number] : never, EventSubject>
  | typeof MessageFailedContract.subject;
export type QueryRequestOf<Q extends QuerySubject> = z.infer<Queries[Q]['request']>;
/** What a sender may pass: fields with defaults may be left out (the responder sees them filled in). */
export type QueryInputOf<Q extends QuerySubject> = z.input<Queries[Q]['request']>;
export type QueryResponseOf<Q extends QuerySubject> = z.infer<Queries[Q]['response']>;

export function messageContractFor(subject: string): CommandContract | EventContract | undefined {
  return (MessageContracts as Record<string, CommandContract | EventContract>)[subject];
}

export function queryContractFor(subject: string): QueryContract | undefined {
  return (QueryContracts as Record<string, QueryContract>)[subject];
}
