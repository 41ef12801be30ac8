import { KnowledgeSourceNameSchema } from '@proxmox-mpc/contracts';
import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { basename } from 'node:path';
import { z } from 'zod';

/** `name=path` or `path` (named after its last folder), comma-separated. */
const docFolders = z.string().transform((value, context) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, path] = entry.includes('=') ? entry.split('=', 2) : [basename(entry), entry];
      const parsed = KnowledgeSourceNameSchema.safeParse(name?.trim().toLowerCase());
      if (!parsed.success)
        context.addIssue({
          code: 'custom',
          message: `"${name}" is not a source name: ${parsed.error.issues[0]?.message}`,
        });
      return { name: parsed.data ?? '', path: (path ?? '').trim() };
    }),
);

export const RagConfigSchema = BaseConfigSchema.extend({
  RAG_DOC_FOLDERS: docFolders
    .default([])
    .describe(
      'Folders of documents (AsciiDoc, Markdown, text) to index, comma-separated, each `name=path` or a path ' +
        '(named after its last folder), e.g. `pve-docs=/srv/pve-docs/adoc,runbooks=/srv/runbooks`. Citations are ' +
        '`<file>#<anchor>` relative to the folder.',
    ),
  RAG_PROJECT_DOCS: z
    .string()
    .default('.')
    .describe(
      "The folder holding this project's README.md and docs/, indexed as source `proxmox-mpc` so an agent can " +
        'ask how to use the platform; `off` to leave them out.',
    ),
  RAG_LSA_DIMENSIONS: z.coerce
    .number()
    .int()
    .min(16)
    .max(512)
    .default(150)
    .describe('Dimensions of the LSA model fitted on the documents: the dense half of hybrid search.'),
  RAG_RESCAN_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(300_000)
    .describe(
      'How often the document folders are read again for changes (0: only at start and on `cmd.rag.ingest`).',
    ),
  RAG_AUDIT_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe('How often new audit log records are read into the index (0: never).'),
  RAG_AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('Audit records older than this leave the index (the audit log itself keeps them).'),
});
export type RagConfig = z.infer<typeof RagConfigSchema>;
