import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { GuestLocatorShape } from '../operation';

/** A token of a rule field: no whitespace, no control characters, nothing to break a config line. */
const token = (max: number, example: string) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_.:,/+\-!]+$/, `expected something like "${example}"`);

/** A rule for a guest's firewall, as Proxmox takes it (it checks the values again). */
export const GuestFirewallRuleSchema = z
  .object({
    direction: z.enum(['in', 'out']),
    action: z.enum(['ACCEPT', 'DROP', 'REJECT']),
    /** A predefined service, e.g. SSH, HTTPS, DNS, Ping. */
    macro: token(128, 'SSH').optional(),
    proto: token(32, 'tcp').optional(),
    /** Destination port(s): `22`, `80,443`, `8000:8100`. */
    dport: token(128, '443').optional(),
    sport: token(128, '1024:65535').optional(),
    /** Addresses: an IP, a CIDR, a range, a list, or an alias or +ipset. */
    source: token(512, '192.168.1.0/24').optional(),
    dest: token(512, '10.0.0.5').optional(),
    /** The guest's network device, e.g. `net0`. */
    iface: z
      .string()
      .regex(/^net\d{1,2}$/, 'expected a network device such as "net0"')
      .optional(),
    comment: z
      .string()
      .max(512)
      .refine((value) => !/\p{Cc}/u.test(value), 'expected one line of printable text')
      .optional(),
    enabled: z.boolean(),
  })
  .strict();
export type GuestFirewallRule = z.infer<typeof GuestFirewallRuleSchema>;

export const GuestFirewallRuleRequestedSchema = z.discriminatedUnion('action', [
  z.object({ ...GuestLocatorShape, action: z.literal('add'), rule: GuestFirewallRuleSchema }).strict(),
  z
    .object({
      ...GuestLocatorShape,
      action: z.literal('remove'),
      /** The rule's position, as the firewall listing shows it. */
      pos: z.number().int().min(0).max(4095),
      /** The listing's digest: the removal is refused if the rules changed since. */
      digest: z
        .string()
        .regex(/^[0-9a-f]{40}$/, 'expected the 40-hex-digit digest of the rule listing')
        .optional(),
    })
    .strict(),
]);
export type GuestFirewallRuleRequested = z.infer<typeof GuestFirewallRuleRequestedSchema>;

export const GuestFirewallRuleRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.firewall.rule',
  type: 'proxmox.guest.firewall.rule.requested',
  data: GuestFirewallRuleRequestedSchema,
});
