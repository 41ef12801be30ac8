import { z } from 'zod';
import { defineQuery } from '../../define';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

/**
 * The largest file `qry.iac.workspace.read` returns the text of: a reply must fit a NATS
 * message (1 MB) with room for the envelope. A larger one is listed but refused, and is
 * read from the workspace's git repository instead.
 */
export const WORKSPACE_READ_MAX_CONTENT_BYTES = 512 * 1024;

/** A workspace's files at its newest commit: the list, or one file's text when `path` is given. */
export const WorkspaceReadQuery = defineQuery({
  subject: 'qry.iac.workspace.read',
  type: 'iac.workspace.read',
  request: z
    .object({
      workspace: WorkspaceNameSchema,
      path: z
        .string()
        .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,300}$/, 'expected a relative path inside the workspace')
        .optional(),
    })
    .strict(),
  response: z.object({
    workspace: WorkspaceNameSchema,
    revision: RevisionSchema,
    files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })),
    content: z.string().optional(),
  }),
});
