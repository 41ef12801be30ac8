import { context, createContextKey, type Context } from '@opentelemetry/api';

const CORRELATION_ID = createContextKey('proxmox-mpc.correlation-id');

/** Run `fn` with `correlationId` in the active context, so logs and spans pick it up. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return context.with(contextWithCorrelationId(context.active(), correlationId), fn);
}

export function contextWithCorrelationId(ctx: Context, correlationId: string): Context {
  return ctx.setValue(CORRELATION_ID, correlationId);
}

export function currentCorrelationId(ctx: Context = context.active()): string | undefined {
  const value = ctx.getValue(CORRELATION_ID);
  return typeof value === 'string' ? value : undefined;
}
