import type { Origin } from '@proxmox-mpc/contracts';
import type { Clock } from '@proxmox-mpc/service-runtime';
import type { ClusterInventory, PlatformFeeds } from '../feeds/platform-feeds';
import type { SourceRef } from '../ingest/document-indexer';
import { guestDocument } from './inventory-documents';
import type { KnowledgeSource, SourceDocument } from './knowledge-source';

/** One cluster's guests are one source, `inventory.<target>`: reconciling it leaves other clusters alone. */
export function inventorySource(target: string): SourceRef {
  return { name: `inventory.${target}`, kind: 'inventory' };
}

/** Every managed cluster's inventory as it is now, one source each. */
export async function readInventorySources(
  feeds: PlatformFeeds,
  origin: Origin,
  clock: Clock,
): Promise<KnowledgeSource[]> {
  const targets = await feeds.targets(origin);
  return Promise.all(targets.map((target) => readInventorySource(feeds, origin, clock, target)));
}

/** A cluster's inventory as it is now: what reconciling the index with it compares against. */
export async function readInventorySource(
  feeds: PlatformFeeds,
  origin: Origin,
  clock: Clock,
  target?: string,
): Promise<KnowledgeSource> {
  const readAt = clock.now();
  return sourceOf(await feeds.inventory(origin, target), readAt);
}

/**
 * The inventories the agent has stored, however old, without syncing: what the index may
 * have missed of them while this service was away. A cluster not synced yet is left out:
 * its first sync announces every guest.
 */
export async function readStoredInventorySources(
  feeds: PlatformFeeds,
  origin: Origin,
  clock: Clock,
): Promise<KnowledgeSource[]> {
  const sources: KnowledgeSource[] = [];
  for (const target of await feeds.targets(origin)) {
    const readAt = clock.now();
    const inventory = await feeds.storedInventory(origin, target);
    if (inventory) sources.push(sourceOf(inventory, readAt));
  }
  return sources;
}

function sourceOf(inventory: ClusterInventory, readAt: Date): KnowledgeSource {
  const documents: SourceDocument[] = inventory.guests.map((guest) => {
    const document = guestDocument(inventory.target, guest);
    return {
      path: document.path,
      contentHash: document.contentHash,
      read: () => ({ title: document.title, chunks: document.chunks }),
    };
  });
  return { ...inventorySource(inventory.target), readAt, list: async () => documents };
}
