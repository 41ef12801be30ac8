import { Subjects, TestCompletedContract, WorkspaceNameSchema, type DataOf } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';
import { runIacCommand } from './iac-command';

type Verdict = DataOf<typeof Subjects.testCompleted>;

export const iacTestTool = readTool({
  name: 'iac_test',
  title: 'Test a workspace',
  description:
    "Check a workspace revision: HCL parsed by HashiCorp's parser, guest resources against the pinned " +
    'bpg/proxmox schema, ansible-playbook --syntax-check, policy.yml, and the plan against the live cluster.',
  input: z
    .object({
      workspace: WorkspaceNameSchema,
      revision: z
        .string()
        .optional()
        .describe('A commit or branch of the workspace; its newest when omitted'),
    })
    .strict(),
  output: TestCompletedContract.data,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'plan',
  async run({ workspace, revision }, { bus, origin }) {
    const { data } = await runIacCommand<typeof Subjects.testRun, Verdict>(
      bus,
      Subjects.testRun,
      { workspace, ...(revision ? { revision } : {}) },
      origin,
    );
    const lines = data.checks.flatMap((check) => [
      `${check.status} ${check.name}: ${check.summary}`,
      ...check.findings.slice(0, 10).map((finding) => `  ${finding.location}: ${finding.message}`),
    ]);
    return {
      structured: data,
      summary: [
        `${data.status.toUpperCase()}: ${workspace} at ${data.revision?.slice(0, 12) ?? revision}`,
        ...lines,
      ].join('\n'),
    };
  },
});
