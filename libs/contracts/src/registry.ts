import type { z } from 'zod';
import { MessageFailedContract } from './bus/message-failed';
import { Subjects } from './subjects';
import type { CommandContract, EventContract, QueryContract } from './define';
import { ToolCalledContract } from './mcp/tool-called';
import { GuestPowerCompletedContract } from './proxmox/guest-power-completed';
import { GuestPowerFailedContract } from './proxmox/guest-power-failed';
import { GuestPowerRequestedContract } from './proxmox/guest-power-requested';
import { GuestsListQuery } from './proxmox/guests-list';

/** Every command and event, keyed by subject: the one table producers and consumers share. */
export const MessageContracts = {
  [GuestPowerRequestedContract.subject]: GuestPowerRequestedContract,
  [GuestPowerCompletedContract.subject]: GuestPowerCompletedContract,
  [GuestPowerFailedContract.subject]: GuestPowerFailedContract,
  [ToolCalledContract.subject]: ToolCalledContract,
  [MessageFailedContract.subject]: MessageFailedContract,
} as const;

export const QueryContracts = {
  [GuestsListQuery.subject]: GuestsListQuery,
} as const;

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
  | typeof Subjects.busMessageFailed;
export type QueryRequestOf<Q extends QuerySubject> = z.infer<Queries[Q]['request']>;
export type QueryResponseOf<Q extends QuerySubject> = z.infer<Queries[Q]['response']>;

export function messageContractFor(subject: string): CommandContract | EventContract | undefined {
  return (MessageContracts as Record<string, CommandContract | EventContract>)[subject];
}

export function queryContractFor(subject: string): QueryContract | undefined {
  return (QueryContracts as Record<string, QueryContract>)[subject];
}
