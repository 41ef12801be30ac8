import type { Origin } from '@proxmox-mpc/contracts';
import type { PlatformFeeds } from '../feeds/platform-feeds';
import type { SourceRef } from '../ingest/document-indexer';
import { guestDocument } from './inventory-documents';
import type { KnowledgeSource, SourceDocument } from './knowledge-source';

/** One cluster's guests are one source, `inventory.<target>`: reconciling it leaves other clusters alone. */
export function inventorySource(target: string): SourceRef {
  return { name: `inventory.${target}`, kind: 'inventory' };
}

/** Every managed cluster's inventory, one source each. */
export async function readInventorySources(feeds: PlatformFeeds, origin: Origin): Promise<KnowledgeSource[]> {
  const targets = await feeds.targets(origin);
  return Promise.all(targets.map((target) => readInventorySource(feeds, origin, target)));
}

/** A cluster's inventory as it is now: what reconciling the index with it compares against. */
export async function readInventorySource(
  feeds: PlatformFeeds,
  origin: Origin,
  target?: string,
): Promise<KnowledgeSource> {
  const inventory = await feeds.inventory(origin, target);
  const documents: SourceDocument[] = inventory.guests.map((guest) => {
    const document = guestDocument(inventory.target, guest);
    return {
      path: document.path,
      contentHash: document.contentHash,
      read: () => ({ title: document.title, chunks: document.chunks }),
    };
  });
  return { ...inventorySource(inventory.target), list: async () => documents };
}
