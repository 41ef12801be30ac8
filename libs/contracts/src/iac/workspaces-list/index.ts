import { z } from 'zod';
import { defineQuery } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { RevisionSchema, WorkspaceNameSchema } from '../workspace';

/** The workspaces iac-generator keeps. */
export const WorkspacesListQuery = defineQuery({
  subject: 'qry.iac.workspaces.list',
  type: 'iac.workspaces.list',
  request: z.object({}).strict(),
  response: z.object({
    workspaces: z.array(
      z.object({ name: WorkspaceNameSchema, target: TargetNameSchema, revision: RevisionSchema.optional() }),
    ),
  }),
});
