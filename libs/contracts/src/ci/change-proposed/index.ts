import { z } from 'zod';
import { defineEvent } from '../../define';
import { WorkspaceNameSchema } from '../../iac/workspace';

/** A pipeline proposes a change: a commit of a workspace repository to be tested. */
export const CiChangeProposedContract = defineEvent({
  subject: 'evt.ci.change.proposed',
  type: 'ci.change.proposed',
  data: z
    .object({
      repo: z.string().min(1).max(300),
      ref: z.string().min(1).max(300),
      commit: z.string().regex(/^[0-9a-f]{7,40}$/, 'expected a git commit id (7-40 hex digits)'),
      workspace: WorkspaceNameSchema,
    })
    .strict(),
});
