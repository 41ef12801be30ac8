import { randomUUID } from 'node:crypto';
import type { Origin } from '@proxmox-mpc/contracts';

/** An operator's action through the admin endpoints: one correlation id per request. */
export function operatorOrigin(operatorId: string): Origin {
  return { correlationId: randomUUID(), actor: { kind: 'operator', id: operatorId } };
}
