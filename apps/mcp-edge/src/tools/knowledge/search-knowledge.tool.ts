import {
  KNOWLEDGE_MAX_RESULTS,
  KnowledgeKindSchema,
  KnowledgeSearchRequestSchema,
  NodeNameSchema,
  PassageSchema,
  Subjects,
  WorkspaceNameSchema,
  type Passage,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import type { AccessPolicy } from '../../access/access-policy';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';

// Asked for more than the caller wants, so passages it may not see can be left out.
const OVERFETCH = 2;

export const searchKnowledgeTool = readTool({
  name: 'search_knowledge',
  title: 'Search the knowledge base',
  description:
    'Finds passages that answer a question, with a citation for each: the Proxmox VE documentation and runbooks ' +
    '(<file>#<anchor>), the live inventory (<target>/<node>/<vmid>), IaC workspaces (<workspace>@<commit>:<path>:<line>), ' +
    "the audit log (audit:<seq>) and this platform's own docs. Read a cited document whole through its `uri` resource.",
  input: z
    .object({
      query: KnowledgeSearchRequestSchema.shape.query.describe('A question in plain words, or keywords'),
      k: z
        .number()
        .int()
        .min(1)
        .max(KNOWLEDGE_MAX_RESULTS)
        .optional()
        .describe('How many passages (default 10)'),
      kinds: z.array(KnowledgeKindSchema).min(1).optional().describe('Only these kinds of source'),
      node: NodeNameSchema.optional().describe('Only what is about this node'),
      target: TargetInput,
      workspace: WorkspaceNameSchema.optional().describe('Only this IaC workspace'),
      from: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('Only what happened at or after this time (audit)'),
      to: z.iso.datetime({ offset: true }).optional().describe('Only what happened before this time (audit)'),
    })
    .strict(),
  output: z.object({ passages: z.array(PassageSchema), embedder: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ k = 10, ...filters }, context) {
    const { access } = context;
    const reply = await context.bus.query(
      Subjects.ragSearch,
      {
        ...filters,
        k: Math.min(k * OVERFETCH, KNOWLEDGE_MAX_RESULTS),
        // Without the admin scope a caller finds only its own actions, as in audit_search.
        ...(access.allows('admin') ? {} : { auditActor: access.actorId }),
      },
      context.origin,
    );
    const passages = reply.passages.filter((passage) => visibleTo(access, passage)).slice(0, k);
    const lines = passages.map(
      (passage, index) =>
        `${index + 1}. [${passage.citation}] ${passage.heading || passage.title}: ${firstLine(passage.text)}`,
    );
    return {
      structured: { passages, embedder: reply.embedder },
      summary: passages.length > 0 ? [`${passages.length} passages:`, ...lines].join('\n') : 'Nothing found.',
    };
  },
});

/** A passage about a guest or node outside the caller's allow-lists is left out. */
function visibleTo(access: AccessPolicy, passage: Passage): boolean {
  if (passage.guest) return access.allowsGuest(passage.guest);
  return passage.node === undefined || access.allowsNode(passage.node);
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim()) ?? '';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
