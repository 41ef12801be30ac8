import type { DataOf, EventSubject } from '@proxmox-mpc/contracts';

/** A follow-up event a handler returns; the transport publishes it through the outbox. */
export interface Emit<S extends EventSubject = EventSubject> {
  subject: S;
  data: DataOf<S>;
}

export function emit<S extends EventSubject>(subject: S, data: DataOf<S>): Emit<S> {
  return { subject, data };
}
