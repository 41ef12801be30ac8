import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema } from '../../errors';
import { WorkspaceNameSchema } from '../workspace';

export const IacFailedContract = defineEvent({
  subject: 'evt.iac.failed',
  type: 'iac.failed',
  data: z.object({
    workspace: WorkspaceNameSchema,
    code: ErrorCodeSchema,
    message: z.string(),
    /** An apply that stopped: the steps done before it, and those never started. */
    done: z.array(z.object({ action: z.string(), address: z.string() })).optional(),
    notDone: z.array(z.object({ action: z.string(), address: z.string() })).optional(),
  }),
});
