import { ConfigKeySchema, ConfigSetSchema, operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

export const configureGuestTool = operateTool({
  name: 'configure_guest',
  title: 'Change guest settings',
  description:
    'Set or delete Proxmox config keys of a VM or container (cores, memory, net0, tags, description, …). Pass the ' +
    'digest from get_guest to refuse the change if the config changed meanwhile.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      set: ConfigSetSchema.optional(),
      delete: z.array(ConfigKeySchema).optional(),
      digest: z
        .string()
        .regex(/^[0-9a-f]{40}$/)
        .optional(),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('configure'),
  async prepare({ target, guest, ...change }, context) {
    const found = await resolveGuest(context, guest, target);
    const keys = [...Object.keys(change.set ?? {}), ...(change.delete ?? []).map((key) => `-${key}`)].join(
      ', ',
    );
    return onGuest(found, `configure (${keys})`, {
      subject: Subjects.proxmoxGuestConfigure,
      data: { ...locator(found), ...change },
      approvalAction: 'configure',
    });
  },
});
