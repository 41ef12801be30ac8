import { FirewallGetQuery, FirewallScopeSchema, NodeNameSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { withTarget } from '../read/query-target';
import { readTool, ToolError } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';

export const getFirewallTool = readTool({
  name: 'get_firewall',
  title: 'Show firewall options and rules',
  description:
    'The firewall of the cluster, a node or a guest: whether it is on (nothing applies while the cluster firewall ' +
    'is off), its options and its rules with their positions (remove_firewall_rule takes a position and the digest).',
  input: z
    .object({
      target: TargetInput,
      scope: FirewallScopeSchema.describe('cluster, node or guest'),
      node: NodeNameSchema.optional().describe('The node, for scope node'),
      guest: GuestInput.optional(),
    })
    .strict(),
  output: FirewallGetQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target, scope, node, guest }, context) {
    if (scope === 'node' && !node)
      throw new ToolError('INVALID_MESSAGE', 'node: give the node for scope node');
    if (scope === 'guest' && guest === undefined)
      throw new ToolError('INVALID_MESSAGE', 'guest: give the guest for scope guest');
    if (node) context.access.assertNode(node);
    const found =
      scope === 'guest' && guest !== undefined ? await resolveGuest(context, guest, target) : undefined;
    const reply = await context.bus.query(
      Subjects.proxmoxFirewallGet,
      {
        scope,
        ...(scope === 'node' && node ? { node } : {}),
        ...(found ? { node: found.node, vmid: found.vmid, type: found.type } : {}),
      },
      withTarget(context.origin, found?.target ?? target),
    );
    const where = found
      ? `guest ${found.vmid} (${found.name})`
      : scope === 'node'
        ? `node ${node}`
        : 'the cluster';
    const state = !reply.clusterEnabled
      ? 'the cluster firewall is OFF, so no rule applies'
      : `the firewall of ${where} is ${reply.enabled ? 'on' : 'off'}`;
    const rules = reply.rules.map(
      (rule) =>
        `#${rule.pos} ${rule.type} ${rule.action}${rule.macro ? ` ${rule.macro}` : ''}${rule.proto ? ` ${rule.proto}` : ''}` +
        `${rule.dport ? ` dport ${rule.dport}` : ''}${rule.source ? ` from ${rule.source}` : ''}${rule.dest ? ` to ${rule.dest}` : ''}` +
        `${rule.enabled ? '' : ' (disabled)'}${rule.comment ? ` — ${rule.comment}` : ''}`,
    );
    return {
      structured: reply,
      summary: [
        `Firewall of ${where}: ${state}; ${reply.rules.length} rules (digest ${reply.digest || 'none'})`,
        ...rules,
      ].join('\n'),
    };
  },
});
