import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const removeFirewallRuleTool = operateTool({
  name: 'remove_firewall_rule',
  title: 'Remove a guest firewall rule',
  description:
    "Remove the rule at a position of a guest's firewall, as get_firewall lists it; with that listing's digest the " +
    'removal is refused if the rules changed since. Needs approval by default.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      pos: z.number().int().min(0).max(4095).describe('The rule position from get_firewall'),
      digest: z
        .string()
        .regex(/^[0-9a-f]{40}$/, 'expected the 40-hex-digit digest get_firewall returned')
        .optional()
        .describe('The digest get_firewall returned with the rules'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('firewall-rule'),
  async prepare({ target, guest, pos, digest }, context) {
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `remove firewall rule #${pos} of`, {
      subject: Subjects.proxmoxGuestFirewallRule,
      data: { ...locator(found), action: 'remove' as const, pos, ...(digest ? { digest } : {}) },
      approvalAction: 'firewall.rule.remove',
    });
  },
});
