import {
  ConfigSetSchema,
  GuestNameSchema,
  NodeNameSchema,
  operationResultOf,
  StorageIdSchema,
  Subjects,
  VmidSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { describeGuest, resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { NewGuestInputs } from './new-guest-inputs';

export const cloneGuestTool = operateTool({
  name: 'clone_guest',
  title: 'Clone a guest',
  description:
    'Copy a VM or container (linked clone from a template, or full copy) under a new name, optionally onto another ' +
    'node, with cloud-init and config changes, then start it and wait for its IP address if asked.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput.describe('The guest or template to copy'),
      name: GuestNameSchema,
      newid: VmidSchema.optional(),
      to: NodeNameSchema.optional().describe("The clone's node; the source's when omitted"),
      full: z.boolean().optional(),
      storage: StorageIdSchema.optional(),
      config: ConfigSetSchema.optional().describe('Settings for the clone, e.g. {"cores": 4}'),
      start: z.boolean().optional(),
      waitForIp: z.boolean().optional(),
      ...NewGuestInputs,
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('clone'),
  async prepare({ target, guest, to, tags, ...clone }, context) {
    const source = await resolveGuest(context, guest, target);
    const node = to ?? source.node;
    context.access.assertNode(node);
    context.access.assertGuest({ vmid: clone.newid ?? 0, node, name: clone.name });
    const config = { ...clone.config, ...(tags?.length ? { tags: tags.join(';') } : {}) };
    return {
      request: {
        subject: Subjects.proxmoxGuestClone,
        data: {
          vmid: source.vmid,
          node: source.node,
          type: source.type,
          ...clone,
          ...(to ? { target: to } : {}),
          ...(Object.keys(config).length ? { config } : {}),
        },
        summary: `clone ${describeGuest(source)} as ${clone.name} on ${node}`,
        target: source.target,
      },
      confirmation: clone.name,
    };
  },
});
