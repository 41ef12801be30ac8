import { Injectable } from '@nestjs/common';
import { HandlerError } from '@proxmox-mpc/bus';
import type { Envelope, GuestsListRequest, GuestsListResponse } from '@proxmox-mpc/contracts';
import { ProxmoxTarget } from '../proxmox/proxmox-target';
import { toHandlerError } from '../proxmox/pve-errors';
import { GuestInventory } from './guest-inventory';

@Injectable()
export class ListGuestsUseCase {
  constructor(
    private readonly target: ProxmoxTarget,
    private readonly inventory: GuestInventory,
  ) {}

  async execute(request: Envelope<GuestsListRequest>): Promise<GuestsListResponse> {
    if (!this.target.accepts(request.target)) {
      throw new HandlerError('NOT_FOUND', `target "${request.target}" is not managed here`, false);
    }
    const { node, type, status } = request.data;
    try {
      const guests = await this.inventory.list();
      return {
        target: this.target.name,
        fetchedAt: new Date().toISOString(),
        guests: guests.filter(
          (guest) =>
            (node === undefined || guest.node === node) &&
            (type === undefined || guest.type === type) &&
            (status === undefined || guest.status === status),
        ),
      };
    } catch (error) {
      throw toHandlerError(error);
    }
  }
}
