import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnQuery } from '@proxmox-mpc/bus';
import {
  Subjects,
  type Envelope,
  type GuestsListRequest,
  type GuestsListResponse,
  type InventoryExportRequest,
  type InventoryExportResponse,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { InventoryRepository } from './inventory.repository';

type NodesListRequest = QueryRequestOf<typeof Subjects.proxmoxNodesList>;
type NodesListResponse = QueryResponseOf<typeof Subjects.proxmoxNodesList>;

/** Lists of nodes and guests, answered from the synced inventory (synced first if too old). */
@Controller()
export class InventoryQueriesHandler {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly freshness: InventoryFreshness,
    private readonly repository: InventoryRepository,
  ) {}

  @OnQuery(Subjects.proxmoxGuestsList)
  async listGuests(@Payload() request: Envelope<GuestsListRequest>): Promise<GuestsListResponse> {
    const target = this.targets.resolve(request.target).name;
    const { node, type, status, tag, selector, maxAgeMs } = request.data;
    const freshness = await this.freshness.ensure(target, maxAgeMs);
    const guests = await this.repository.listGuests(target, {
      ...(node === undefined ? {} : { node }),
      ...(type === undefined ? {} : { type }),
      ...(status === undefined ? {} : { status }),
      ...(tag === undefined ? {} : { tag }),
      ...(selector === undefined ? {} : { selector }),
    });
    return { target, guests, ...freshness };
  }

  @OnQuery(Subjects.proxmoxInventoryExport)
  async exportGuests(@Payload() request: Envelope<InventoryExportRequest>): Promise<InventoryExportResponse> {
    const target = this.targets.resolve(request.target).name;
    const { afterVmid, limit = 500, maxAgeMs } = request.data;
    const freshness = await this.freshness.ensure(target, maxAgeMs);
    // One more than asked for says whether another page follows.
    const guests = await this.repository.exportGuests(target, afterVmid, limit + 1);
    const page = guests.slice(0, limit);
    const last = page.at(-1);
    return {
      target,
      guests: page,
      ...(guests.length > limit && last ? { nextAfterVmid: last.vmid } : {}),
      ...freshness,
    };
  }

  @OnQuery(Subjects.proxmoxNodesList)
  async listNodes(@Payload() request: Envelope<NodesListRequest>): Promise<NodesListResponse> {
    const target = this.targets.resolve(request.target).name;
    const freshness = await this.freshness.ensure(target, request.data.maxAgeMs);
    return { target, nodes: await this.repository.listNodes(target), ...freshness };
  }
}
