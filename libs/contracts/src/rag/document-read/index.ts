import { z } from 'zod';
import { defineQuery } from '../../define';
import { CitationSchema, KnowledgeKindSchema, KnowledgeSourceNameSchema } from '../knowledge';

/** A cited document whole, with the units its citations point at. */
export const KnowledgeDocumentReadQuery = defineQuery({
  subject: 'qry.rag.document.read',
  type: 'rag.document.read',
  request: z.object({ source: KnowledgeSourceNameSchema, path: z.string().min(1).max(1_000) }).strict(),
  response: z.object({
    source: z.string(),
    kind: KnowledgeKindSchema,
    path: z.string(),
    title: z.string(),
    units: z.array(z.object({ citation: CitationSchema, heading: z.string(), text: z.string() })),
  }),
});
