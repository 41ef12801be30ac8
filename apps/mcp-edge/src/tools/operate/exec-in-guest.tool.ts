import { operationResultOf, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { resolveGuest } from '../guest-resolver';
import { operateTool } from '../tool-definition';
import { GuestInput, TargetInput } from '../tool-inputs';
import { locator, onGuest } from './guest-operation';

const ArgumentSchema = z
  .string()
  .max(4096)
  .refine((value) => !value.includes('\u0000'), 'expected an argument without NUL characters');

export const execInGuestTool = operateTool({
  name: 'exec_in_guest',
  title: 'Run a command in a VM',
  description:
    'Run a program in a running VM through its QEMU guest agent and return its exit code and output (bounded). ' +
    'No shell: give the program and its arguments as a list. Only commands on your token’s exec allow-list run ' +
    '(see whoami); needs approval by default.',
  input: z
    .object({
      target: TargetInput,
      guest: GuestInput,
      command: z
        .array(ArgumentSchema)
        .min(1)
        .max(64)
        .describe('The program and its arguments, e.g. ["systemctl", "status", "nginx"]'),
      input: z.string().max(65_536).optional().describe("Text sent to the program's standard input"),
      timeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(300)
        .optional()
        .describe('How long to wait for it to exit (default from the server, MCP_EXEC_TIMEOUT_SECONDS)'),
    })
    .strict(),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'apply',
  result: operationResultOf('exec'),
  async prepare({ target, guest, command, input, timeoutSeconds }, context) {
    // Refused before anything is looked up or asked: the allow-list is the token's, not the guest's.
    context.access.assertExec(command);
    const found = await resolveGuest(context, guest, target);
    return onGuest(found, `run "${command.join(' ')}" in`, {
      subject: Subjects.proxmoxGuestExec,
      data: {
        ...locator(found),
        command,
        ...(input === undefined ? {} : { input }),
        timeoutSeconds: timeoutSeconds ?? context.policies.execTimeoutSeconds,
        maxOutputBytes: context.policies.execMaxOutputBytes,
      },
      approvalAction: 'exec',
    });
  },
});
