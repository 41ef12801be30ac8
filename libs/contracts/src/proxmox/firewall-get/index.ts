import { z } from 'zod';
import { defineQuery } from '../../define';
import { GuestTypeSchema, NodeNameSchema, VmidSchema } from '../guest';

/** A firewall rule as the platform shows it; `pos` addresses it for removal. */
export const FirewallRuleSchema = z.object({
  pos: z.number().int().nonnegative(),
  /** in, out, forward (cluster and nodes), or group. */
  type: z.string(),
  /** ACCEPT, DROP, REJECT, or a security group. */
  action: z.string(),
  enabled: z.boolean(),
  macro: z.string().optional(),
  proto: z.string().optional(),
  dport: z.string().optional(),
  sport: z.string().optional(),
  source: z.string().optional(),
  dest: z.string().optional(),
  iface: z.string().optional(),
  log: z.string().optional(),
  comment: z.string().optional(),
});
export type FirewallRule = z.infer<typeof FirewallRuleSchema>;

export const FirewallScopeSchema = z.enum(['cluster', 'node', 'guest']);

export const FirewallGetRequestSchema = z
  .object({
    scope: FirewallScopeSchema,
    /** The node (scope node), or the guest's node (scope guest). */
    node: NodeNameSchema.optional(),
    vmid: VmidSchema.optional(),
    type: GuestTypeSchema.optional(),
  })
  .strict();
export type FirewallGetRequest = z.infer<typeof FirewallGetRequestSchema>;

export const FirewallGetQuery = defineQuery({
  subject: 'qry.proxmox.firewall.get',
  type: 'proxmox.firewall.get',
  request: FirewallGetRequestSchema,
  response: z.object({
    target: z.string(),
    scope: FirewallScopeSchema,
    node: NodeNameSchema.optional(),
    vmid: VmidSchema.optional(),
    /** Whether the cluster firewall is on: no rule anywhere applies while it is off. */
    clusterEnabled: z.boolean(),
    /** Whether this scope's own firewall is on (the cluster's, the node's, the guest's). */
    enabled: z.boolean(),
    /** The scope's options as Proxmox stores them (`policy_in`, `log_level_in`, …), as text. */
    options: z.record(z.string(), z.string()),
    rules: z.array(FirewallRuleSchema),
    /** The rule set's digest, to remove a rule only if nobody changed the rules meanwhile. */
    digest: z.string(),
  }),
});
