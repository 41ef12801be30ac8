import { z } from 'zod';
import { defineEvent } from '../../define';
import { WorkspaceNameSchema } from '../workspace';

export const ApplyProgressContract = defineEvent({
  subject: 'evt.iac.apply.progress',
  type: 'iac.apply.progress',
  data: z.object({
    workspace: WorkspaceNameSchema,
    stepIndex: z.number().int().positive(),
    stepCount: z.number().int().positive(),
    message: z.string(),
  }),
});
