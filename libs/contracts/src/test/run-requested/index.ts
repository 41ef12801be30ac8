import { z } from 'zod';
import { defineCommand } from '../../define';
import { WorkspaceNameSchema } from '../../iac/workspace';
import { TestCompletedContract } from '../completed';

export const TestRunRequestedContract = defineCommand({
  subject: 'cmd.test.run',
  type: 'test.run.requested',
  data: z
    .object({
      workspace: WorkspaceNameSchema,
      /** A commit (or ref) of the workspace; its newest when omitted. */
      revision: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/, 'expected a commit id or branch name')
        .optional(),
    })
    .strict(),
  outcomes: [TestCompletedContract.subject],
});
