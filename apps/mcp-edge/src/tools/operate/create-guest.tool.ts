import {
  GuestNameSchema,
  GuestSpecSchema,
  GuestTypeSchema,
  NodeNameSchema,
  operationResultOf,
  Subjects,
  VmidSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool, ToolError } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { NewGuestInputs } from './new-guest-inputs';

export const createGuestTool = operateTool({
  name: 'create_guest',
  title: 'Create a guest',
  description:
    'Create a VM (type qemu) or container (type lxc) on a node: from a spec (cores, memory, disk, network; ' +
    'containers need ostemplate), or by cloning `template` (a template VM such as 9000) with cloud-init user, ' +
    'IP and SSH keys. Optionally start it and wait for its IP address.',
  input: z
    .object({
      target: TargetInput,
      type: GuestTypeSchema,
      node: NodeNameSchema,
      name: GuestNameSchema,
      vmid: VmidSchema.optional().describe('The next free id when omitted'),
      template: GuestInput.optional().describe('Clone this template instead of creating from a spec'),
      full: z.boolean().optional().describe('With template: full copy instead of a linked clone'),
      ...GuestSpecSchema.pick({ cores: true, memoryMb: true, disk: true, network: true }).shape,
      ostemplate: GuestSpecSchema.shape.ostemplate.describe(
        'Containers: e.g. local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      ),
      start: z.boolean().optional(),
      waitForIp: z
        .boolean()
        .optional()
        .describe('VMs with the guest agent: wait for an address after starting'),
      ...NewGuestInputs,
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: z.union([operationResultOf('create'), operationResultOf('clone')]),
  async prepare(args, context) {
    context.access.assertNode(args.node);
    context.access.assertGuest({ vmid: args.vmid ?? 0, node: args.node, name: args.name });
    const summary = `create ${args.type} ${args.name}${args.vmid ? ` (${args.vmid})` : ''} on ${args.node}`;
    if (args.template !== undefined) {
      const template = await resolveGuest(context, args.template, args.target);
      if (template.type !== args.type) {
        throw new ToolError(
          'INVALID_MESSAGE',
          `template ${template.vmid} is a ${template.type}, not a ${args.type}`,
        );
      }
      const config = {
        ...(args.cores ? { cores: args.cores } : {}),
        ...(args.memoryMb ? { memory: args.memoryMb } : {}),
        ...(args.tags?.length ? { tags: args.tags.join(';') } : {}),
      };
      return {
        request: {
          subject: Subjects.proxmoxGuestClone,
          data: {
            vmid: template.vmid,
            node: template.node,
            type: template.type,
            name: args.name,
            target: args.node,
            ...(args.vmid ? { newid: args.vmid } : {}),
            ...(args.full === undefined ? {} : { full: args.full }),
            ...(args.pool ? { pool: args.pool } : {}),
            ...(args.description ? { description: args.description } : {}),
            ...(args.cloudInit ? { cloudInit: args.cloudInit } : {}),
            ...(Object.keys(config).length ? { config } : {}),
            ...(args.start === undefined ? {} : { start: args.start }),
            ...(args.waitForIp === undefined ? {} : { waitForIp: args.waitForIp }),
          },
          summary: `${summary} from template ${template.name} (${template.vmid})`,
          target: template.target,
        },
        confirmation: args.name,
      };
    }
    if (args.waitForIp)
      throw new ToolError('INVALID_MESSAGE', 'waitForIp needs a template with the guest agent (template)');
    return {
      request: {
        subject: Subjects.proxmoxGuestCreate,
        data: {
          type: args.type,
          node: args.node,
          ...(args.vmid ? { vmid: args.vmid } : {}),
          ...(args.start === undefined ? {} : { start: args.start }),
          spec: {
            name: args.name,
            ...(args.cores ? { cores: args.cores } : {}),
            ...(args.memoryMb ? { memoryMb: args.memoryMb } : {}),
            ...(args.disk ? { disk: args.disk } : {}),
            ...(args.network ? { network: args.network } : {}),
            ...(args.ostemplate ? { ostemplate: args.ostemplate } : {}),
            ...(args.cloudInit ? { cloudInit: args.cloudInit } : {}),
            ...(args.tags ? { tags: args.tags } : {}),
            ...(args.description ? { description: args.description } : {}),
            ...(args.pool ? { pool: args.pool } : {}),
          },
        },
        summary,
        ...(args.target ? { target: args.target } : {}),
      },
      confirmation: args.name,
    };
  },
});
