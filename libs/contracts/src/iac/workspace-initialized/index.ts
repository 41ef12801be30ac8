import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

export const WorkspaceInitializedContract = defineEvent({
  subject: 'evt.iac.workspace.initialized',
  type: 'iac.workspace.initialized',
  data: z.object({ workspace: WorkspaceNameSchema, target: TargetNameSchema, revision: RevisionSchema }),
});
