import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { inventoryGuest } from '@proxmox-mpc/testing';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { LsaEmbedder } from '../embedding/lsa-embedder';
import { InMemoryPlatformFeeds } from '../feeds/in-memory-platform-feeds';
import { DocumentIndexer } from '../ingest/document-indexer';
import { FitEmbedderUseCase } from '../ingest/fit-embedder.use-case';
import { IngestSourceUseCase } from '../ingest/ingest-source.use-case';
import { SourceLanes } from '../ingest/source-lanes';
import { InMemoryKnowledgeStore } from '../knowledge/in-memory-knowledge.store';
import type { KnowledgeSource, SourceDocument } from '../sources/knowledge-source';
import { chunksOf } from '../sources/folder-source';
import { contentHash } from '../sources/content-hash';
import { documentUnits } from '../chunking/document-units';
import { InMemoryVectorIndex } from '../vectors/in-memory-vector-index';

/** The knowledge service's parts with in-memory stores, a small model and a fake clock. */
export function knowledgeParts() {
  const store = new InMemoryKnowledgeStore();
  const transactions = new InMemoryTransactions();
  const embedder = new LsaEmbedder(8);
  const vectors = new InMemoryVectorIndex();
  const clock = new FakeClock();
  const feeds = new InMemoryPlatformFeeds();
  const logger = createLogger({ service: 'rag-unit', level: 'silent' });
  const indexer = new DocumentIndexer(store, transactions, embedder, vectors, clock);
  const fitEmbedder = new FitEmbedderUseCase(store, transactions, embedder, vectors);
  const lanes = new SourceLanes();
  const ingestSource = new IngestSourceUseCase(store, indexer, embedder, fitEmbedder, lanes, logger);
  return {
    store,
    transactions,
    embedder,
    vectors,
    clock,
    feeds,
    logger,
    indexer,
    fitEmbedder,
    lanes,
    ingestSource,
  };
}

/** A folder-like source of Markdown documents held in memory. */
export function markdownSource(name: string, files: Record<string, string | Uint8Array>): KnowledgeSource {
  return {
    name,
    kind: 'docs',
    list: async () =>
      Object.entries(files).map(([path, content]): SourceDocument => ({
        path,
        contentHash: contentHash(content),
        read: () => {
          const units = documentUnits(
            path,
            typeof content === 'string' ? new TextEncoder().encode(content) : content,
          );
          return { title: units[0]?.heading || path, chunks: chunksOf(path, units) };
        },
      })),
  };
}

/** Enough prose about a few topics for a small model to fit on. */
export const HANDBOOK: Record<string, string> = {
  'backup.md':
    '# Backups\nvzdump writes backups of virtual machines and containers to backup storage.\n## Retention\nKeep the last backups and prune old backup archives.\n',
  'network.md':
    '# Network\nBridges connect virtual machines to the physical network.\n## VLAN\nA VLAN tag on the bridge port separates network traffic.\n',
  'storage.md':
    '# Storage\nZFS pools and LVM volume groups hold virtual machine disks.\n## Thin provisioning\nThin volumes allocate disk blocks on write.\n',
  'cluster.md':
    '# Cluster\nNodes join a cluster with corosync and share configuration.\n## Quorum\nA cluster needs quorum: a majority of votes.\n',
};

/** A guest as the agent's inventory events carry it, with a description to search for. */
export const LEDGER_GUEST: InventoryGuest = inventoryGuest(120, {
  name: 'ledger-db',
  memoryBytes: 4 * 1024 ** 3,
  uptimeSeconds: 60,
  tags: ['db'],
  config: {
    description: 'Holds the accounting ledger',
    cores: '2',
    net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0',
  },
});
