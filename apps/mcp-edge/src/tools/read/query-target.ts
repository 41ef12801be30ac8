import type { Origin } from '@proxmox-mpc/contracts';

/** The origin with the cluster a tool call names, if it names one. */
export function withTarget(origin: Origin, target: string | undefined): Origin {
  return target ? { ...origin, target } : origin;
}
