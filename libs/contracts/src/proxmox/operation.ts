import { z } from 'zod';
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
  z.object({ operation: z.literal('power'), ...done, action: PowerActionSchema, status: GuestStatusSchema }),
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
]);
export type OperationResult = z.infer<typeof OperationResultSchema>;
