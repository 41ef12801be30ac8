import { z } from 'zod';
import { defineEvent } from '../../define';
import { RevisionSchema, WorkspaceNameSchema } from '../../iac/workspace';

export const CheckResultSchema = z.object({
  name: z.enum(['hcl-parse', 'provider-schema', 'ansible-syntax', 'policy', 'plan']),
  status: z.enum(['passed', 'failed', 'skipped']),
  summary: z.string(),
  /** Where and what: `terraform/node-pve1.tf:12 proxmox_virtual_environment_vm.web.cpu_count`. */
  findings: z.array(z.object({ location: z.string(), message: z.string() })),
});
export type CheckResultData = z.infer<typeof CheckResultSchema>;

export const TestCompletedContract = defineEvent({
  subject: 'evt.test.completed',
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
