import type { z } from 'zod';

export interface CommandContract<
  S extends string = string,
  D extends z.ZodType = z.ZodType,
  O extends readonly `evt.${string}`[] = readonly `evt.${string}`[],
> {
  kind: 'command';
  subject: S;
  type: string;
  data: D;
  /** The events that end this command; a caller waiting for the result listens to these. */
  outcomes: O;
  /** Events that report progress before the outcome, if the command has any. */
  progress?: `evt.${string}`;
}

export interface EventContract<S extends string = string, D extends z.ZodType = z.ZodType> {
  kind: 'event';
  subject: S;
  type: string;
  data: D;
}

export interface QueryContract<
  S extends string = string,
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> {
  kind: 'query';
  subject: S;
  type: string;
  request: Req;
  response: Res;
}

export function defineCommand<
  const S extends `cmd.${string}`,
  D extends z.ZodType,
  const O extends readonly `evt.${string}`[],
>(contract: Omit<CommandContract<S, D, O>, 'kind'>): CommandContract<S, D, O> {
  return { kind: 'command', ...contract };
}

export function defineEvent<const S extends `evt.${string}`, D extends z.ZodType>(
  contract: Omit<EventContract<S, D>, 'kind'>,
): EventContract<S, D> {
  return { kind: 'event', ...contract };
}

export function defineQuery<const S extends `qry.${string}`, Req extends z.ZodType, Res extends z.ZodType>(
  contract: Omit<QueryContract<S, Req, Res>, 'kind'>,
): QueryContract<S, Req, Res> {
  return { kind: 'query', ...contract };
}

export type AnyContract = CommandContract | EventContract | QueryContract;
