import { z } from 'zod';
import { defineCommand } from '../../define';
import { KnowledgeIngestedContract } from '../ingest-completed';
import { KnowledgeIngestFailedContract } from '../ingest-failed';
import { KnowledgeIngestProgressContract } from '../ingest-progress';
import { KnowledgeSourceNameSchema } from '../knowledge';

/**
 * Reads the configured sources again (one, or all): changed documents are re-indexed,
 * unchanged ones cost a hash comparison, removed ones disappear. `refit` also fits the
 * embedding model afresh on the document corpus and re-embeds every chunk.
 */
export const KnowledgeIngestRequestedContract = defineCommand({
  subject: 'cmd.rag.ingest',
  type: 'rag.ingest.requested',
  data: z.object({ source: KnowledgeSourceNameSchema.optional(), refit: z.boolean().optional() }).strict(),
  outcomes: [KnowledgeIngestedContract.subject, KnowledgeIngestFailedContract.subject],
  progress: KnowledgeIngestProgressContract.subject,
});
