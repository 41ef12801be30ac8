import { z } from 'zod';
import { StorageIdSchema, VolumeIdSchema } from './formats';
import { GuestStatusSchema, GuestTypeSchema, NodeNameSchema, PowerActionSchema, VmidSchema } from './guest';

/** The guest operations the agent carries out, one command subject each. */
export const OperationNameSchema = z.enum([
  'create',
  'clone',
  'configure',
  'resize',
  'power',
  'snapshot',
  'rollback',
  'backup',
  'restore',
  'migrate',
  'delete',
  'exec',
  'move-disk',
  'firewall-rule',
  'ha',
  'download',
  'volume-delete',
  'task-stop',
]);
export type OperationName = z.infer<typeof OperationNameSchema>;

/** Where a command finds its guest: the agent looks up node and type when they are not given. */
export const GuestLocatorShape = {
  vmid: VmidSchema,
  node: NodeNameSchema.optional(),
  type: GuestTypeSchema.optional(),
};

const done = {
  vmid: VmidSchema,
  node: NodeNameSchema,
  type: GuestTypeSchema,
  /** Every Proxmox task the operation ran, in order. */
  upids: z.array(z.string()),
  durationMs: z.number().int().nonnegative(),
};

/** What an operation on a node rather than a guest reports when done. */
const doneOnNode = {
  node: NodeNameSchema,
  upids: z.array(z.string()),
  durationMs: z.number().int().nonnegative(),
};

export const ExecResultSchema = z.object({
  operation: z.literal('exec'),
  ...done,
  /** The program and its arguments, as run (no shell). */
  command: z.array(z.string()),
  /** The guest's PID of the process. */
  pid: z.number().int(),
  /** False when it still ran when the wait ended; it goes on running in the guest. */
  exited: z.boolean(),
  exitCode: z.number().int().optional(),
  /** The signal that ended it, when one did. */
  signal: z.number().int().optional(),
  stdout: z.string(),
  stderr: z.string(),
  /** Whether the guest agent or the size bound cut the output. */
  stdoutTruncated: z.boolean(),
  stderrTruncated: z.boolean(),
});

export const MoveDiskResultSchema = z.object({
  operation: z.literal('move-disk'),
  ...done,
  disk: z.string(),
  storage: StorageIdSchema,
  /** The disk's volume now. */
  volume: z.string(),
  /** The volume it was copied from. */
  sourceVolume: z.string(),
  /** Where the source is kept (`unused0`, …); absent when it was deleted. */
  keptAs: z.string().optional(),
});

export const FirewallRuleResultSchema = z.object({
  operation: z.literal('firewall-rule'),
  ...done,
  action: z.enum(['add', 'remove']),
  /** The rule added (now at position 0) or removed, as Proxmox listed it. */
  rule: z.record(z.string(), z.string()),
});

export const HaResultSchema = z.object({
  operation: z.literal('ha'),
  ...done,
  action: z.enum(['add', 'remove']),
  /** The HA resource id, `vm:100` or `ct:200`. */
  sid: z.string(),
});

export const DownloadResultSchema = z.object({
  operation: z.literal('download'),
  ...doneOnNode,
  storage: StorageIdSchema,
  /** The new volume, e.g. `local:iso/debian-13.iso`. */
  volume: VolumeIdSchema,
  sizeBytes: z.number().int().nonnegative(),
});

export const VolumeDeleteResultSchema = z.object({
  operation: z.literal('volume-delete'),
  ...doneOnNode,
  volume: VolumeIdSchema,
});

export const TaskStopResultSchema = z.object({
  operation: z.literal('task-stop'),
  ...doneOnNode,
  /** The stopped task, and how it ended (`received interrupt`, or its status if it had ended). */
  upid: z.string(),
  exitStatus: z.string(),
});

export const PowerResultSchema = z.object({
  operation: z.literal('power'),
  ...done,
  action: PowerActionSchema,
  status: GuestStatusSchema,
});

/** What each operation reports when it has finished, keyed by `operation`. */
export const OperationResultSchema = z.discriminatedUnion('operation', [
  z.object({ operation: z.literal('create'), ...done, name: z.string(), status: GuestStatusSchema }),
  z.object({
    operation: z.literal('clone'),
    ...done,
    sourceVmid: VmidSchema,
    name: z.string(),
    status: GuestStatusSchema,
    /** Addresses the guest agent reported, when asked to wait for them. */
    ipAddresses: z.array(z.string()),
  }),
  z.object({ operation: z.literal('configure'), ...done, changed: z.array(z.string()), digest: z.string() }),
  z.object({ operation: z.literal('resize'), ...done, disk: z.string(), size: z.string() }),
  PowerResultSchema,
  z.object({
    operation: z.literal('snapshot'),
    ...done,
    action: z.enum(['create', 'delete']),
    snapshot: z.string(),
  }),
  z.object({ operation: z.literal('rollback'), ...done, snapshot: z.string(), status: GuestStatusSchema }),
  z.object({ operation: z.literal('backup'), ...done, volume: z.string().optional() }),
  z.object({ operation: z.literal('restore'), ...done, archive: z.string(), status: GuestStatusSchema }),
  z.object({ operation: z.literal('migrate'), ...done, from: NodeNameSchema }),
  z.object({ operation: z.literal('delete'), ...done }),
  ExecResultSchema,
  MoveDiskResultSchema,
  FirewallRuleResultSchema,
  HaResultSchema,
  DownloadResultSchema,
  VolumeDeleteResultSchema,
  TaskStopResultSchema,
]);
export type OperationResult = z.infer<typeof OperationResultSchema>;

/** The result one operation reports (`operationResultOf('power')`): what a tool doing it answers with. */
export function operationResultOf(name: OperationName): z.ZodType {
  const option = OperationResultSchema.options.find((entry) => entry.shape.operation.value === name);
  if (!option) throw new Error(`no result schema for operation ${name}`);
  return option;
}
