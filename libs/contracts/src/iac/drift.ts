import { z } from 'zod';

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
