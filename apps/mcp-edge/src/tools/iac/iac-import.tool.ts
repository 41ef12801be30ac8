import {
  AnsibleCollectionSchema,
  IacGeneratedContract,
  Subjects,
  WorkspaceNameSchema,
  type DataOf,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool, ToolError } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { runIacCommand } from './iac-command';

type Generated = DataOf<typeof Subjects.iacGenerated>;

export const iacImportTool = readTool({
  name: 'iac_import',
  title: 'Import the cluster as code',
  description:
    'Write the live cluster into a workspace (created on first use) as Terraform for bpg/proxmox with import ' +
    'blocks, plus an Ansible inventory and playbooks, and commit it. Re-importing an unchanged cluster changes ' +
    'nothing. test-runner checks every import; see iac_test.',
  input: z
    .object({
      workspace: WorkspaceNameSchema,
      target: TargetInput,
      ansibleCollection: AnsibleCollectionSchema.optional().describe(
        "For a new workspace: community.general (default; Debian 12's Ansible has it) or community.proxmox (ansible-core 2.17+)",
      ),
    })
    .strict(),
  output: IacGeneratedContract.data,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'plan',
  async run({ workspace, target, ansibleCollection }, { bus, origin }) {
    try {
      await runIacCommand(
        bus,
        Subjects.iacWorkspaceInit,
        { workspace, ...(target ? { target } : {}), ...(ansibleCollection ? { ansibleCollection } : {}) },
        origin,
      );
    } catch (error) {
      // An existing workspace is what a re-import wants.
      if (!(error instanceof ToolError && error.code === 'CONFLICT')) throw error;
    }
    const { data } = await runIacCommand<typeof Subjects.iacImport, Generated>(
      bus,
      Subjects.iacImport,
      { workspace },
      origin,
    );
    return {
      structured: data,
      summary:
        `Imported ${data.guests} guests of ${data.target} into workspace ${data.workspace} at ${data.revision.slice(0, 12)}` +
        `${data.changed ? '' : ' (nothing had changed)'}: ${data.files.length} files` +
        `${data.unmapped ? `, ${data.unmapped} config keys listed as not mapped` : ''}.`,
    };
  },
});
