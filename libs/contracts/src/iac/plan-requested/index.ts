import { z } from 'zod';
import { defineCommand } from '../../define';
import { GuestNameSchema, TagSchema, VolumeIdSchema } from '../../proxmox/formats';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../../proxmox/guest';
import { IacFailedContract } from '../failed';
import { IacGeneratedContract } from '../generated';
import { WorkspaceNameSchema } from '../workspace';

const RequestedGuestFields = z
  .object({
    name: GuestNameSchema,
    count: z.number().int().min(1).max(50).optional(),
    type: GuestTypeSchema,
    node: NodeNameSchema,
    /** VMs: the template to clone (e.g. 9000). */
    template: VmidSchema.optional(),
    cores: z.number().int().min(1).max(512).optional(),
    memoryMb: z.number().int().min(16).max(4_194_304).optional(),
    /** Containers: root disk size. */
    diskGb: z.number().int().min(1).max(131_072).optional(),
    /** Containers: the OS template, e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst. */
    ostemplate: VolumeIdSchema.optional(),
    tags: z.array(TagSchema).max(32).optional(),
  })
  .strict();

/** Guests a change asks for: `count` of them are named `<name>-01`, `<name>-02`, … */
export const RequestedGuestSchema = RequestedGuestFields.refine(
  (guest) => guest.type === 'lxc' || guest.template !== undefined,
  {
    message: 'a VM is planned as a clone: give template',
    path: ['template'],
  },
).refine((guest) => guest.type === 'qemu' || guest.ostemplate !== undefined, {
  message: 'a container needs ostemplate',
  path: ['ostemplate'],
});
export type RequestedGuest = z.infer<typeof RequestedGuestSchema>;

/** One requested guest once `count` is expanded: what a workspace keeps until it exists. */
export const RequestedGuestInstanceSchema = RequestedGuestFields.omit({ count: true });
export type RequestedGuestInstance = z.infer<typeof RequestedGuestInstanceSchema>;

/** A requested change written into a workspace as code, for test-runner to check and plan. */
export const PlanRequestedContract = defineCommand({
  subject: 'cmd.iac.plan',
  type: 'iac.plan.requested',
  data: z
    .object({ workspace: WorkspaceNameSchema, create: z.array(RequestedGuestSchema).min(1).max(50) })
    .strict(),
  outcomes: [IacGeneratedContract.subject, IacFailedContract.subject],
});
