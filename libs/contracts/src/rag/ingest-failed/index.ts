import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema } from '../../errors';

export const KnowledgeIngestFailedContract = defineEvent({
  subject: 'evt.rag.ingest.failed',
  type: 'rag.ingest.failed',
  data: z.object({ source: z.string().optional(), code: ErrorCodeSchema, message: z.string() }),
});
