import { HandlerError } from '@proxmox-mpc/bus';
import type { GuestFirewallRuleRequested } from '@proxmox-mpc/contracts';
import type { PveFirewallRule, PveFirewallScope } from '@proxmox-mpc/pve-client';
import type { OperationDefinition } from '../operation-plan';
import { identify } from './guest-state';

/** A listed rule as text fields (what the operation reports of the rule it added or removed). */
function ruleFields(rule: PveFirewallRule): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(rule)) {
    if (key !== 'digest' && key !== 'pos' && value !== undefined) fields[key] = String(value);
  }
  return fields;
}

/**
 * Adds a rule to a guest's firewall (Proxmox puts it first) or removes the one at a
 * position. A rule added while the cluster firewall is off would not apply: refused.
 */
export const firewallRuleOperation: OperationDefinition<GuestFirewallRuleRequested> = {
  operation: 'firewall-rule',
  async plan(command, { target, client, locate }) {
    const guest = await locate(command.vmid, command.node, command.type);
    const scope: PveFirewallScope = { kind: 'guest', node: guest.node, type: guest.type, vmid: guest.vmid };
    let rule: Record<string, string> = {};
    const step =
      command.action === 'add'
        ? {
            name: 'add-rule',
            run: async () => {
              const cluster = await client.firewallOptions({ kind: 'cluster' });
              if (Number(cluster['enable'] ?? 0) !== 1) {
                throw new HandlerError(
                  'NOT_CONFIGURED',
                  `the firewall is off on cluster "${target.name}" (Datacenter → Firewall → Options: enable): a rule would not apply`,
                  false,
                );
              }
              const { direction, enabled, ...fields } = command.rule;
              await client.addFirewallRule(scope, { ...fields, type: direction, enable: enabled });
              const [added] = await client.firewallRules(scope);
              if (added) rule = ruleFields(added);
              return null;
            },
          }
        : {
            name: 'remove-rule',
            run: async () => {
              const listed = (await client.firewallRules(scope))[command.pos];
              if (!listed) {
                throw new HandlerError(
                  'NOT_FOUND',
                  `guest ${guest.vmid} has no firewall rule at position ${command.pos}`,
                  false,
                );
              }
              rule = ruleFields(listed);
              await client.removeFirewallRule(scope, command.pos, command.digest);
              return null;
            },
          };
    return {
      guest,
      steps: [step],
      complete: async ({ upids, durationMs }) => ({
        operation: 'firewall-rule',
        ...identify(guest),
        upids,
        durationMs,
        action: command.action,
        rule,
      }),
    };
  },
};
