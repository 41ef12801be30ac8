import { z } from 'zod';
import { defineCommand, defineEvent, defineQuery } from '../define';
import { TargetNameSchema } from '../envelope';
import { ErrorCodeSchema } from '../errors';
import { GuestNameSchema, TagSchema, VolumeIdSchema } from '../proxmox/formats';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../proxmox/guest';
import { Subjects } from '../subjects';

/** A workspace's name is also its folder name: lower-case letters, digits and dashes. */
export const WorkspaceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected 1-63 lower-case letters, digits or dashes, e.g. "homelab"');

export const AnsibleCollectionSchema = z.enum(['community.proxmox', 'community.general']);

/** A git commit of a workspace. */
export const RevisionSchema = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-character git commit id');

export const WorkspaceInitRequestedContract = defineCommand({
  subject: Subjects.iacWorkspaceInit,
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
  outcomes: [Subjects.iacWorkspaceInitialized, Subjects.iacFailed],
});

export const WorkspaceInitializedContract = defineEvent({
  subject: Subjects.iacWorkspaceInitialized,
  type: 'iac.workspace.initialized',
  data: z.object({ workspace: WorkspaceNameSchema, target: TargetNameSchema, revision: RevisionSchema }),
});

export const ImportRequestedContract = defineCommand({
  subject: Subjects.iacImport,
  type: 'iac.import.requested',
  data: z.object({ workspace: WorkspaceNameSchema }).strict(),
  outcomes: [Subjects.iacGenerated, Subjects.iacFailed],
});

export const GeneratedFileSummarySchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

export const IacGeneratedContract = defineEvent({
  subject: Subjects.iacGenerated,
  type: 'iac.generated',
  data: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    /** What produced it: an import of the live inventory, or a plan of requested changes. */
    kind: z.enum(['import', 'plan']),
    revision: RevisionSchema,
    /** False when the files were already exactly these (nothing committed). */
    changed: z.boolean(),
    guests: z.number().int().nonnegative(),
    /** Config keys that have no place in the provider's schema, over all guests. */
    unmapped: z.number().int().nonnegative(),
    files: z.array(GeneratedFileSummarySchema),
  }),
});

export const IacFailedContract = defineEvent({
  subject: Subjects.iacFailed,
  type: 'iac.failed',
  data: z.object({
    workspace: WorkspaceNameSchema,
    code: ErrorCodeSchema,
    message: z.string(),
    /** An apply that stopped: the steps done before it, and those never started. */
    done: z.array(z.object({ action: z.string(), address: z.string() })).optional(),
    notDone: z.array(z.object({ action: z.string(), address: z.string() })).optional(),
  }),
});

/** One guest on which the cluster and a workspace disagree. */
export const GuestDriftSchema = z.object({
  vmid: z.number().int(),
  /** The resource in the workspace, when there is one. */
  address: z.string().optional(),
  /** changed: settings differ; missing: in code, gone from the cluster; unmanaged: in the cluster, not in code. */
  kind: z.enum(['changed', 'missing', 'unmanaged']),
  /** before: the cluster's value; after: the workspace's. */
  changes: z.array(z.object({ path: z.string(), before: z.unknown(), after: z.unknown() })),
});
export type GuestDrift = z.infer<typeof GuestDriftSchema>;

export const DriftDetectedContract = defineEvent({
  subject: Subjects.iacDriftDetected,
  type: 'iac.drift.detected',
  data: GuestDriftSchema.extend({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    /** The workspace commit compared against. */
    revision: RevisionSchema,
  }),
});

/** Every drift of a workspace now: its HEAD against the live inventory. */
export const DriftReportQuery = defineQuery({
  subject: Subjects.iacDriftReport,
  type: 'iac.drift.report',
  request: z.object({ workspace: WorkspaceNameSchema }).strict(),
  response: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    revision: RevisionSchema,
    drifts: z.array(GuestDriftSchema),
  }),
});

/** The workspaces iac-generator keeps. */
export const WorkspacesListQuery = defineQuery({
  subject: Subjects.iacWorkspacesList,
  type: 'iac.workspaces.list',
  request: z.object({}).strict(),
  response: z.object({
    workspaces: z.array(
      z.object({ name: WorkspaceNameSchema, target: TargetNameSchema, revision: RevisionSchema.optional() }),
    ),
  }),
});

/** A workspace's files at its newest commit: the list, or one file's text when `path` is given. */
export const WorkspaceReadQuery = defineQuery({
  subject: Subjects.iacWorkspaceRead,
  type: 'iac.workspace.read',
  request: z
    .object({
      workspace: WorkspaceNameSchema,
      path: z
        .string()
        .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]{1,300}$/, 'expected a relative path inside the workspace')
        .optional(),
    })
    .strict(),
  response: z.object({
    workspace: WorkspaceNameSchema,
    revision: RevisionSchema,
    files: z.array(z.object({ path: z.string(), bytes: z.number().int().nonnegative() })),
    content: z.string().optional(),
  }),
});

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
  subject: Subjects.iacPlan,
  type: 'iac.plan.requested',
  data: z
    .object({ workspace: WorkspaceNameSchema, create: z.array(RequestedGuestSchema).min(1).max(50) })
    .strict(),
  outcomes: [Subjects.iacGenerated, Subjects.iacFailed],
});

/** Applies a workspace revision to its cluster through proxmox-agent commands. */
export const ApplyRequestedContract = defineCommand({
  subject: Subjects.iacApply,
  type: 'iac.apply.requested',
  data: z.object({ workspace: WorkspaceNameSchema, revision: RevisionSchema }).strict(),
  outcomes: [Subjects.iacApplied, Subjects.iacFailed],
  progress: Subjects.iacApplyProgress,
});

export const ApplyStepSchema = z.object({
  action: z.enum(['create', 'update', 'delete']),
  address: z.string(),
  name: z.string().optional(),
  vmid: z.number().int().optional(),
});

export const ApplyProgressContract = defineEvent({
  subject: Subjects.iacApplyProgress,
  type: 'iac.apply.progress',
  data: z.object({
    workspace: WorkspaceNameSchema,
    stepIndex: z.number().int().positive(),
    stepCount: z.number().int().positive(),
    message: z.string(),
  }),
});

export const IacAppliedContract = defineEvent({
  subject: Subjects.iacApplied,
  type: 'iac.applied',
  data: z.object({
    workspace: WorkspaceNameSchema,
    target: TargetNameSchema,
    revision: RevisionSchema,
    /** The steps carried out, in order. */
    done: z.array(ApplyStepSchema),
  }),
});
