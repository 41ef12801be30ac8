import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { GuestType } from '@proxmox-mpc/contracts';
import type { ProxmoxTarget } from '../targets/proxmox-target';
import { SyncedGuestStore } from './synced-guest.store';

/** A guest and where it is: what an operation or a live read needs to address it. */
export interface LocatedGuest {
  vmid: number;
  node: string;
  type: GuestType;
  name: string;
}

/**
 * Where a guest lives. The synced inventory answers first; a guest it does not know (or
 * that has moved) is looked up live in /cluster/resources.
 */
@Injectable()
export class GuestLocator {
  constructor(private readonly guests: SyncedGuestStore) {}

  async locate(target: ProxmoxTarget, vmid: number, node?: string, type?: GuestType): Promise<LocatedGuest> {
    const known = await this.guests.find(target.name, vmid);
    if (known && (node === undefined || known.node === node) && (type === undefined || known.type === type)) {
      return { vmid, node: known.node, type: known.type, name: known.name };
    }
    const resource = (await target.client.clusterResources('vm')).find((entry) => entry.vmid === vmid);
    if (
      !resource ||
      (node !== undefined && resource.node !== node) ||
      (type !== undefined && resource.type !== type)
    ) {
      const where = node ? ` on node ${node}` : '';
      throw new HandlerError(
        'NOT_FOUND',
        `guest ${vmid} does not exist${where} on target "${target.name}"`,
        false,
      );
    }
    return {
      vmid,
      node: resource.node as string,
      type: resource.type as GuestType,
      name: resource.name ?? `${resource.type}-${vmid}`,
    };
  }
}
