import { Injectable } from '@nestjs/common';
import { Subjects, type QueryRequestOf, type QueryResponseOf } from '@proxmox-mpc/contracts';
import { TargetRegistry } from '../targets/target-registry';
import { InventoryFreshness } from './inventory-freshness';
import { nodeSummaryOf } from './synced-node.entity';
import { SyncedNodeStore } from './synced-node.store';
import { SyncedGuestStore } from './synced-guest.store';

export type ListNodes = QueryRequestOf<typeof Subjects.proxmoxNodesList> & { target?: string };

/** The nodes of a target with their guest counts, from the inventory (synced first if too old). */
@Injectable()
export class ListNodesUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly freshness: InventoryFreshness,
    private readonly nodes: SyncedNodeStore,
    private readonly guests: SyncedGuestStore,
  ) {}

  async execute({
    target: name,
    maxAgeMs,
  }: ListNodes): Promise<QueryResponseOf<typeof Subjects.proxmoxNodesList>> {
    const target = this.targets.resolve(name).name;
    const freshness = await this.freshness.ensure(target, maxAgeMs);
    const [nodes, counts] = await Promise.all([this.nodes.list(target), this.guests.countByNode(target)]);
    return {
      target,
      nodes: nodes.map((node) => nodeSummaryOf(node, counts.get(node.node) ?? 0)),
      ...freshness,
    };
  }
}
