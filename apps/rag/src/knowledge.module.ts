import { Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@proxmox-mpc/service-runtime';
import type { RagConfig } from './config';
import { Embedder } from './embedding/embedder';
import { LsaEmbedder } from './embedding/lsa-embedder';
import { BusPlatformFeeds } from './feeds/bus-platform-feeds';
import { PlatformFeeds } from './feeds/platform-feeds';
import { DocumentIndexer } from './ingest/document-indexer';
import { FitEmbedderUseCase } from './ingest/fit-embedder.use-case';
import { IndexAuditLogUseCase } from './ingest/index-audit-log.use-case';
import { IndexGuestUseCase } from './ingest/index-guest.use-case';
import { IndexWorkspaceUseCase } from './ingest/index-workspace.use-case';
import { IngestSourceUseCase } from './ingest/ingest-source.use-case';
import { SourceLanes } from './ingest/source-lanes';
import { SyncPassGates } from './ingest/sync-pass-gates';
import { IngestSourcesUseCase } from './ingest/ingest-sources.use-case';
import { IngestHandler } from './ingest/ingest.handler';
import { KnowledgeStore } from './knowledge/knowledge.store';
import { PostgresKnowledgeStore } from './knowledge/postgres-knowledge.store';
import {
  AuditIndexSchedule,
  FolderRescanSchedule,
  IndexRefreshSchedule,
} from './lifecycle/knowledge-schedules';
import { KnowledgeStartup } from './lifecycle/knowledge-startup';
import { LoadIndexUseCase } from './lifecycle/load-index.use-case';
import { KnowledgeQueriesHandler } from './search/knowledge-queries.handler';
import { ReadDocumentUseCase } from './search/read-document.use-case';
import { SearchKnowledgeUseCase } from './search/search-knowledge.use-case';
import { ConfiguredSources } from './sources/configured-sources';
import { InMemoryVectorIndex } from './vectors/in-memory-vector-index';
import { VectorIndex } from './vectors/vector-index';

/** The knowledge service: sources into the index, and searches with citations out of it. */
@Module({
  controllers: [KnowledgeQueriesHandler, IngestHandler],
  providers: [
    { provide: KnowledgeStore, useClass: PostgresKnowledgeStore },
    { provide: PlatformFeeds, useClass: BusPlatformFeeds },
    { provide: VectorIndex, useValue: new InMemoryVectorIndex() },
    {
      provide: LsaEmbedder,
      inject: [SERVICE_CONFIG],
      useFactory: (config: RagConfig) => new LsaEmbedder(config.RAG_LSA_DIMENSIONS),
    },
    { provide: Embedder, useExisting: LsaEmbedder },
    ConfiguredSources,
    DocumentIndexer,
    FitEmbedderUseCase,
    IngestSourceUseCase,
    SourceLanes,
    SyncPassGates,
    IngestSourcesUseCase,
    IndexGuestUseCase,
    IndexWorkspaceUseCase,
    IndexAuditLogUseCase,
    SearchKnowledgeUseCase,
    ReadDocumentUseCase,
    LoadIndexUseCase,
    KnowledgeStartup,
    FolderRescanSchedule,
    AuditIndexSchedule,
    IndexRefreshSchedule,
  ],
})
export class KnowledgeModule {}
