import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

export const ApplyStepSchema = z.object({
  action: z.enum(['create', 'update', 'delete']),
  address: z.string(),
  name: z.string().optional(),
  vmid: z.number().int().optional(),
});

export const IacAppliedContract = defineEvent({
  subject: 'evt.iac.applied',
  type: 'iac.applied',
  data: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    revision: RevisionSchema,
    /** The steps carried out, in order. */
    done: z.array(ApplyStepSchema),
  }),
});
