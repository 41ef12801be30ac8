import { z } from 'zod';
import { defineQuery } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { WorkspaceNameSchema } from '../../iac/workspace';
import { NodeNameSchema } from '../../proxmox/guest';
import { KnowledgeKindSchema, KnowledgeSourceNameSchema, PassageSchema } from '../knowledge';

export const KNOWLEDGE_QUERY_MAX_CHARS = 1_000;
export const KNOWLEDGE_MAX_RESULTS = 50;

const time = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time, e.g. 2025-01-31T08:00:00Z' });

export const KnowledgeSearchRequestSchema = z
  .object({
    query: z
      .string()
      .trim()
      .min(1, 'give a question or keywords to search for')
      .max(KNOWLEDGE_QUERY_MAX_CHARS, `at most ${KNOWLEDGE_QUERY_MAX_CHARS} characters`),
    k: z.number().int().min(1).max(KNOWLEDGE_MAX_RESULTS).default(10),
    kinds: z.array(KnowledgeKindSchema).min(1).optional(),
    sources: z.array(KnowledgeSourceNameSchema).min(1).optional(),
    node: NodeNameSchema.optional(),
    target: TargetNameSchema.optional(),
    workspace: WorkspaceNameSchema.optional(),
    /** Only what happened (audit) or was seen (inventory) at or after / before these times. */
    from: time.optional(),
    to: time.optional(),
    /** Audit records only of this actor: what a caller without the admin scope may see. */
    auditActor: z.string().min(1).max(200).optional(),
    /** Hybrid (default) fuses both rankings; the others are for evaluation and comparison. */
    mode: z.enum(['hybrid', 'lexical', 'dense']).default('hybrid'),
  })
  .strict()
  .refine((request) => !request.from || !request.to || Date.parse(request.from) < Date.parse(request.to), {
    message: 'must be later than from',
    path: ['to'],
  });
export type KnowledgeSearchRequest = z.input<typeof KnowledgeSearchRequestSchema>;

/** Passages ranked for a question, each with a citation to open. */
export const KnowledgeSearchQuery = defineQuery({
  subject: 'qry.rag.search',
  type: 'rag.search',
  request: KnowledgeSearchRequestSchema,
  response: z.object({
    passages: z.array(PassageSchema),
    /** The embedder that ranked the dense side, e.g. `lsa-150`. */
    embedder: z.string(),
  }),
});
