import { z } from 'zod';
import { defineEvent } from '../../define';
import { KnowledgeKindSchema } from '../knowledge';

/** A long ingest reports where it is, so a console can show a progress bar. */
export const KnowledgeIngestProgressContract = defineEvent({
  subject: 'evt.rag.ingest.progress',
  type: 'rag.ingest.progress',
  data: z.object({
    source: z.string(),
    kind: KnowledgeKindSchema,
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
});
