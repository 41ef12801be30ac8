import { z } from 'zod';
import { defineCommand } from '../../define';
import { IacAppliedContract } from '../applied';
import { ApplyProgressContract } from '../apply-progress';
import { IacFailedContract } from '../failed';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

/** Applies a workspace revision to its cluster through proxmox-agent commands. */
export const ApplyRequestedContract = defineCommand({
  subject: 'cmd.iac.apply',
  type: 'iac.apply.requested',
  data: z.object({ workspace: WorkspaceNameSchema, revision: RevisionSchema }).strict(),
  outcomes: [IacAppliedContract.subject, IacFailedContract.subject],
  progress: ApplyProgressContract.subject,
});
