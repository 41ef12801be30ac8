import { z } from 'zod';
import { TargetNameSchema } from '../envelope';
import { WorkspaceNameSchema } from '../iac/workspace';
import { NodeNameSchema } from '../proxmox/guest';

/**
 * Where knowledge comes from: document folders (`docs`), the live inventory, IaC
 * workspaces, the audit log, and this project's own documentation (`project`).
 */
export const KnowledgeKindSchema = z.enum(['docs', 'inventory', 'iac', 'audit', 'project']);
export type KnowledgeKind = z.infer<typeof KnowledgeKindSchema>;

/** A configured source's name, e.g. `pve-docs` or `runbooks`. */
export const KnowledgeSourceNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'expected 1-63 lower-case letters, digits, dots, dashes or underscores',
  );

/**
 * A citation a reader can open: docs `<file>#<anchor>`, inventory `<target>/<node>/<vmid>`,
 * IaC `<workspace>@<commit>:<path>:<line>`, audit `audit:<chain_seq>`.
 */
export const CitationSchema = z.string().min(1).max(1_000);

export const PassageSchema = z.object({
  citation: CitationSchema,
  source: z.string(),
  kind: KnowledgeKindSchema,
  /** The document's title and the section's heading. */
  title: z.string(),
  heading: z.string(),
  /** The passage (a citation unit), cut to a readable length. */
  text: z.string(),
  /** Fused rank score (higher is better), and the component ranks it came from (1 = best). */
  score: z.number(),
  lexicalRank: z.number().int().positive().optional(),
  denseRank: z.number().int().positive().optional(),
  /** Where the document can be read whole: an MCP resource URI. */
  uri: z.string(),
  node: NodeNameSchema.optional(),
  target: TargetNameSchema.optional(),
  workspace: WorkspaceNameSchema.optional(),
  /** The guest it is about (inventory, audit), so a caller's guest allow-list can be applied. */
  guest: z.object({ vmid: z.number().int(), name: z.string(), node: NodeNameSchema }).optional(),
  /** When what it describes happened (audit). */
  occurredAt: z.string().optional(),
});
export type Passage = z.infer<typeof PassageSchema>;

/** How a source fared in one ingest. */
export const IngestReportSchema = z.object({
  source: z.string(),
  kind: KnowledgeKindSchema,
  documents: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** Files that could not be read as documents, each with the reason. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});
export type IngestReport = z.infer<typeof IngestReportSchema>;
