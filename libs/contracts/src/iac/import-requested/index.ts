import { z } from 'zod';
import { defineCommand } from '../../define';
import { IacFailedContract } from '../failed';
import { IacGeneratedContract } from '../generated';
import { WorkspaceNameSchema } from '../workspace';

export const ImportRequestedContract = defineCommand({
  subject: 'cmd.iac.import',
  type: 'iac.import.requested',
  data: z.object({ workspace: WorkspaceNameSchema }).strict(),
  outcomes: [IacGeneratedContract.subject, IacFailedContract.subject],
});
