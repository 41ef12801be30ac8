import { IacAppliedContract, Subjects, WorkspaceNameSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { operateTool, ToolError } from '../tool-definition';

export const iacApplyTool = operateTool({
  name: 'iac_apply',
  title: 'Apply a workspace to the cluster',
  description:
    'Carry out the plan of a tested workspace revision (its newest when omitted) through proxmox-agent: clones ' +
    'and creates first, then setting changes, then destroys. A revision that fails its checks is refused. Needs ' +
    'a human approval; follow it with operation_status.',
  input: z
    .object({
      workspace: WorkspaceNameSchema,
      revision: z
        .string()
        .regex(/^[0-9a-f]{40}$/, 'expected a 40-character commit id')
        .optional()
        .describe('The commit to apply; the newest when omitted'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: IacAppliedContract.data,
  async prepare({ workspace, revision }, { bus, origin, access }) {
    if (!access.unrestricted) {
      throw new ToolError(
        'FORBIDDEN',
        `${access.actorId} is limited to some nodes or guests; applying a workspace can touch any of them`,
      );
    }
    const { workspaces } = await bus.query(Subjects.iacWorkspacesList, {}, origin);
    const found = workspaces.find((candidate) => candidate.name === workspace);
    if (!found?.revision) throw new ToolError('NOT_FOUND', `no workspace "${workspace}" with a commit`);
    const commit = revision ?? found.revision;
    return {
      request: {
        subject: Subjects.iacApply,
        data: { workspace, revision: commit },
        summary: `apply workspace ${workspace} at ${commit.slice(0, 12)} to cluster ${found.target}`,
        target: found.target,
        approvalAction: 'iac.apply' as const,
      },
      confirmation: workspace,
    };
  },
});
