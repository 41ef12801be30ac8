import type { ServiceDefinition } from '@proxmox-mpc/service-runtime';
import { RagConfigSchema, type RagConfig } from './config';
import { KnowledgeChunk } from './knowledge/knowledge-chunk.entity';
import { KnowledgeCorpus } from './knowledge/knowledge-corpus.entity';
import { KnowledgeDocument } from './knowledge/knowledge-document.entity';
import { KnowledgePosting } from './knowledge/knowledge-posting.entity';
import { KnowledgeModule } from './knowledge.module';
import { Knowledge1733500000000 } from './migrations/1733500000000-knowledge';
import { PostingsWithoutChunkKey1733600000000 } from './migrations/1733600000000-postings-without-chunk-key';
import { EmbeddingsAsBytes1733700000000 } from './migrations/1733700000000-embeddings-as-bytes';

export const ragService: ServiceDefinition<RagConfig> = {
  name: 'rag',
  configSchema: RagConfigSchema,
  defaultHttpPort: 8084,
  migrations: [Knowledge1733500000000, PostingsWithoutChunkKey1733600000000, EmbeddingsAsBytes1733700000000],
  entities: [KnowledgeDocument, KnowledgeChunk, KnowledgePosting, KnowledgeCorpus],
  features: () => [KnowledgeModule],
};
