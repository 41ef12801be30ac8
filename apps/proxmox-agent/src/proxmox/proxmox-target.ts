import type { PveClient } from '@proxmox-mpc/pve-client';

/** The Proxmox VE cluster this agent manages, by the name messages use for it. */
export class ProxmoxTarget {
  constructor(
    readonly name: string,
    readonly client: PveClient,
    readonly taskTimeoutMs: number,
  ) {}

  /** A command addressed to another cluster must not run against this one. */
  accepts(target: string | undefined): boolean {
    return target === undefined || target === this.name;
  }
}
