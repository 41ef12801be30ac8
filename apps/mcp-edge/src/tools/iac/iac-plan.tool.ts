import {
  IacGeneratedContract,
  RequestedGuestSchema,
  Subjects,
  TestCompletedContract,
  WorkspaceNameSchema,
  type DataOf,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';
import { runIacCommand } from './iac-command';

type Generated = DataOf<typeof Subjects.iacGenerated>;
type Verdict = DataOf<typeof Subjects.testCompleted>;

export const iacPlanTool = readTool({
  name: 'iac_plan',
  title: 'Plan new guests as code',
  description:
    'Write requested guests into a workspace as Terraform (e.g. 3 VMs "web" with count 3 → web-01..03, cloned ' +
    'from template 9000 with 2 cores and 4096 MB), commit it, and test it: the answer holds the plan against ' +
    'the live cluster and every check, policy included. Nothing is created in Proxmox.',
  input: z
    .object({
      workspace: WorkspaceNameSchema,
      create: z.array(RequestedGuestSchema).min(1).max(50),
    })
    .strict(),
  output: z.object({ generated: IacGeneratedContract.data, test: TestCompletedContract.data }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'plan',
  async run({ workspace, create }, { bus, origin }) {
    const generated = (
      await runIacCommand<typeof Subjects.iacPlan, Generated>(
        bus,
        Subjects.iacPlan,
        { workspace, create },
        origin,
      )
    ).data;
    const test = (
      await runIacCommand<typeof Subjects.testRun, Verdict>(
        bus,
        Subjects.testRun,
        { workspace, revision: generated.revision },
        origin,
      )
    ).data;
    const failed = test.checks.filter((check) => check.status === 'failed');
    return {
      structured: { generated, test },
      summary: [
        `Planned in ${workspace} at ${generated.revision.slice(0, 12)}: ${test.plan.create} to create, ` +
          `${test.plan.update} to update, ${test.plan.delete} to destroy. Tests ${test.status}.`,
        ...failed.flatMap((check) => [
          `${check.name}: ${check.summary}`,
          ...check.findings.slice(0, 10).map((finding) => `  ${finding.location}: ${finding.message}`),
        ]),
      ].join('\n'),
    };
  },
});
