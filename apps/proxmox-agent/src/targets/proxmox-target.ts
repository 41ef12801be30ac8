import type { PveClient } from '@proxmox-mpc/pve-client';
import type { TargetSettings } from './target-config';

/** A Proxmox VE cluster the agent manages, by the name messages use for it. */
export interface ProxmoxTarget {
  readonly name: string;
  readonly settings: TargetSettings;
  readonly client: PveClient;
}
