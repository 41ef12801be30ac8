import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

export const GeneratedFileSummarySchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

export const IacGeneratedContract = defineEvent({
  subject: 'evt.iac.generated',
  type: 'iac.generated',
  data: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    /** What produced it: an import of the live inventory, or a plan of requested changes. */
    kind: z.enum(['import', 'plan']),
    revision: RevisionSchema,
    /** False when the files were already exactly these (nothing committed). */
    changed: z.boolean(),
    guests: z.number().int().nonnegative(),
    /** Config keys that have no place in the provider's schema, over all guests. */
    unmapped: z.number().int().nonnegative(),
    files: z.array(GeneratedFileSummarySchema),
  }),
});
