import { z } from 'zod';
import { defineEvent } from '../../define';
import { IngestReportSchema } from '../knowledge';

export const KnowledgeIngestedContract = defineEvent({
  subject: 'evt.rag.ingest.completed',
  type: 'rag.ingest.completed',
  data: z.object({
    sources: z.array(IngestReportSchema),
    /** Chunks in the index after the ingest. */
    chunks: z.number().int().nonnegative(),
    embedder: z.string(),
    durationMs: z.number().nonnegative(),
  }),
});
