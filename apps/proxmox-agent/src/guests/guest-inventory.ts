import { Injectable } from '@nestjs/common';
import type { Guest } from '@proxmox-mpc/contracts';
import { ProxmoxTarget } from '../proxmox/proxmox-target';
import { isGuestResource, toGuest } from './guest-mapper';

/** Live guests of the target, read from `/cluster/resources` (one call for the whole cluster). */
@Injectable()
export class GuestInventory {
  constructor(private readonly target: ProxmoxTarget) {}

  async list(): Promise<Guest[]> {
    const resources = await this.target.client.clusterResources('vm');
    return resources
      .filter(isGuestResource)
      .map(toGuest)
      .sort((a, b) => a.vmid - b.vmid);
  }

  async find(vmid: number): Promise<Guest | undefined> {
    return (await this.list()).find((guest) => guest.vmid === vmid);
  }
}
