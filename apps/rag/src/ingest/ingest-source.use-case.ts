import { Inject, Injectable } from '@nestjs/common';
import type { IngestReport } from '@proxmox-mpc/contracts';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { UnreadableDocument } from '../chunking/document-units';
import { Embedder } from '../embedding/embedder';
import { KnowledgeStore } from '../knowledge/knowledge.store';
import type { KnowledgeSource } from '../sources/knowledge-source';
import { DocumentIndexer, type IndexedDocument } from './document-indexer';
import { FitEmbedderUseCase } from './fit-embedder.use-case';
import { SourceLanes } from './source-lanes';

export type IngestProgress = (done: number, total: number) => void;

// A transaction per document made the startup ingest of a 10,000-guest inventory take
// 10,000 commits, each recounting the corpus: a minute of a busy PostgreSQL.
const DOCUMENTS_PER_WRITE = 100;

/**
 * Brings the index in line with a source: documents whose content hash is unchanged cost
 * only the comparison, changed and new ones are indexed `DOCUMENTS_PER_WRITE` to a
 * transaction, vanished ones removed. A document that cannot be read is skipped with a
 * warning naming it. The first prose to arrive fits the embedding model. Ingests of a
 * source take turns in its lane.
 */
@Injectable()
export class IngestSourceUseCase {
  constructor(
    private readonly store: KnowledgeStore,
    private readonly indexer: DocumentIndexer,
    private readonly embedder: Embedder,
    private readonly fitEmbedder: FitEmbedderUseCase,
    private readonly lanes: SourceLanes,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(source: KnowledgeSource, onProgress?: IngestProgress): Promise<IngestReport> {
    return this.lanes.run(source.name, () => this.ingest(source, onProgress));
  }

  private async ingest(source: KnowledgeSource, onProgress?: IngestProgress): Promise<IngestReport> {
    const listed = await source.list();
    const stored = new Map(
      (await this.store.documentsOf(source.name)).map((document) => [document.path, document]),
    );
    // Written from the source's events after its listing was read: newer than the listing.
    const newer = (document: { updatedAt: Date } | undefined) =>
      source.readAt !== undefined && document !== undefined && document.updatedAt >= source.readAt;
    const report: IngestReport = {
      source: source.name,
      kind: source.kind,
      documents: listed.length,
      added: 0,
      changed: 0,
      unchanged: 0,
      removed: 0,
      skipped: [],
    };
    let done = 0;
    const finished = (count: number) => {
      for (let index = 0; index < count; index += 1) onProgress?.((done += 1), listed.length);
    };
    const pending: IndexedDocument[] = [];
    const write = async () => {
      await this.indexer.index(source, pending);
      finished(pending.splice(0).length);
    };
    for (const document of listed) {
      const known = stored.get(document.path);
      stored.delete(document.path);
      if (known?.contentHash === document.contentHash || newer(known)) {
        report.unchanged += 1;
        finished(1);
        continue;
      }
      try {
        const { title, chunks } = document.read();
        pending.push({ path: document.path, title, contentHash: document.contentHash, chunks });
        if (known) report.changed += 1;
        else report.added += 1;
      } catch (error) {
        if (!(error instanceof UnreadableDocument)) throw error;
        report.skipped.push({ path: document.path, reason: error.message });
        this.logger.warn(
          { source: source.name, path: document.path, reason: error.message },
          'document skipped',
        );
        finished(1);
      }
      if (pending.length >= DOCUMENTS_PER_WRITE) await write();
    }
    await write();
    report.removed = await this.indexer.remove(
      source,
      [...stored.values()].filter((document) => !newer(document)).map((document) => document.path),
    );
    if (report.added + report.changed + report.removed > 0) await this.store.settle();
    if (!this.embedder.ready && (source.kind === 'docs' || source.kind === 'project') && report.added > 0)
      await this.fitEmbedder.execute();
    return report;
  }
}
