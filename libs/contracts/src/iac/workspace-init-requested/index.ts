import { z } from 'zod';
import { defineCommand } from '../../define';
import { TargetNameSchema } from '../../envelope';
import { IacFailedContract } from '../failed';
import { AnsibleCollectionSchema, WorkspaceNameSchema } from '../workspace';
import { WorkspaceInitializedContract } from '../workspace-initialized';

export const WorkspaceInitRequestedContract = defineCommand({
  subject: 'cmd.iac.workspace.init',
  type: 'iac.workspace.init.requested',
  data: z
    .object({
      workspace: WorkspaceNameSchema,
      /** The cluster the workspace describes; the agent's only one when omitted. */
      target: TargetNameSchema.optional(),
      /**
       * Whose proxmox modules the playbooks call: community.general (the default; Debian
       * 12's Ansible has it) or community.proxmox (needs ansible-core 2.17+).
       */
      ansibleCollection: AnsibleCollectionSchema.optional(),
    })
    .strict(),
  outcomes: [WorkspaceInitializedContract.subject, IacFailedContract.subject],
});
