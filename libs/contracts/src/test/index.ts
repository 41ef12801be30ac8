import { z } from 'zod';
import { defineCommand, defineEvent } from '../define';
import { RevisionSchema, WorkspaceNameSchema } from '../iac';
import { Subjects } from '../subjects';

export const CheckResultSchema = z.object({
  name: z.enum(['hcl-parse', 'provider-schema', 'ansible-syntax', 'policy', 'plan']),
  status: z.enum(['passed', 'failed', 'skipped']),
  summary: z.string(),
  /** Where and what: `terraform/node-pve1.tf:12 proxmox_virtual_environment_vm.web.cpu_count`. */
  findings: z.array(z.object({ location: z.string(), message: z.string() })),
});
export type CheckResultData = z.infer<typeof CheckResultSchema>;

export const TestRunRequestedContract = defineCommand({
  subject: Subjects.testRun,
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
  outcomes: [Subjects.testCompleted],
});

export const TestCompletedContract = defineEvent({
  subject: Subjects.testCompleted,
  type: 'test.completed',
  data: z.object({
    workspace: WorkspaceNameSchema,
    /** The commit tested; absent when the revision asked for does not exist. */
    revision: RevisionSchema.optional(),
    trigger: z.enum(['generated', 'command', 'ci']),
    status: z.enum(['passed', 'failed']),
    checks: z.array(CheckResultSchema),
    plan: z.object({
      create: z.number().int().nonnegative(),
      update: z.number().int().nonnegative(),
      delete: z.number().int().nonnegative(),
    }),
  }),
});
