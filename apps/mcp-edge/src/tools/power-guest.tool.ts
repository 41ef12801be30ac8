import {
  GuestPowerCompletedSchema,
  NodeNameSchema,
  PowerActionSchema,
  Subjects,
  VmidSchema,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { defineTool, ToolError } from './tool-definition';

export const powerGuestTool = defineTool({
  name: 'power_guest',
  title: 'Start, stop or shut down a guest',
  description:
    'Start, stop (hard) or shut down (ACPI) a VM or container by VMID and wait for the Proxmox task to finish. ' +
    'Returns the guest status afterwards.',
  input: z
    .object({
      vmid: VmidSchema.describe('The guest ID, 100-999999999'),
      action: PowerActionSchema.describe('start, stop (immediate) or shutdown (graceful)'),
      node: NodeNameSchema.optional().describe('The node the guest is on; looked up when omitted'),
    })
    .strict(),
  output: GuestPowerCompletedSchema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args, { bus, origin, timeoutMs }) {
    const outcome = await bus.execute(Subjects.proxmoxGuestPower, args, origin, { timeoutMs });
    switch (outcome.subject) {
      case Subjects.proxmoxGuestPowerCompleted: {
        const done = outcome.envelope.data;
        return {
          structured: done,
          summary: `${done.action} ${done.type} ${done.vmid} on ${done.node}: now ${done.status} (${done.durationMs} ms, task ${done.upid})`,
        };
      }
      case Subjects.proxmoxGuestPowerFailed:
        throw new ToolError(outcome.envelope.data.code, outcome.envelope.data.message);
      case Subjects.busMessageFailed:
        throw new ToolError(outcome.envelope.data.code, outcome.envelope.data.message);
    }
  },
});
