import { GuestFirewallRuleSchema, operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

const rule = GuestFirewallRuleSchema.shape;

export const addFirewallRuleTool = operateTool({
  name: 'add_firewall_rule',
  title: 'Add a guest firewall rule',
  description:
    "Add a rule at the top of a guest's firewall: direction, ACCEPT/DROP/REJECT, and a macro (SSH, HTTPS, …) or " +
    'protocol and ports, from/to addresses. Refused while the cluster firewall is off (the rule would not apply).',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      direction: rule.direction.describe('in or out'),
      action: rule.action.describe('ACCEPT, DROP or REJECT'),
      macro: rule.macro.describe('A predefined service, e.g. SSH, HTTPS, DNS, Ping'),
      proto: rule.proto.describe('Protocol, e.g. tcp, udp, icmp'),
      dport: rule.dport.describe('Destination ports, e.g. 22 or 80,443 or 8000:8100 (needs proto)'),
      sport: rule.sport.describe('Source ports (needs proto)'),
      source: rule.source.describe('Source address, network or range, e.g. 192.168.1.0/24'),
      dest: rule.dest.describe('Destination address, network or range'),
      iface: rule.iface.describe('The guest network device, e.g. net0'),
      comment: rule.comment.describe('Why the rule exists'),
      enabled: rule.enabled.default(true).describe('Whether the rule is active (default true)'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('firewall-rule'),
  async prepare({ target, guest, ...fields }, context) {
    const found = await resolveGuest(context, guest, target);
    const what = `${fields.direction} ${fields.action}${fields.macro ? ` ${fields.macro}` : ''}${fields.dport ? ` port ${fields.dport}` : ''}`;
    return onGuest(found, `add firewall rule "${what}" to`, {
      subject: Subjects.proxmoxGuestFirewallRule,
      data: { ...locator(found), action: 'add' as const, rule: fields },
      approvalAction: 'firewall.rule.add',
    });
  },
});
