import { z } from 'zod';
import { defineOperationCommand } from '../operation-command';
import { GuestLocatorShape } from '../operation';

/** The most a caller may ask to keep of each output stream; the agent keeps at most this. */
export const EXEC_OUTPUT_LIMIT_BYTES = 262_144;

/** One argument of a command: printable text without NUL. */
const ArgumentSchema = z
  .string()
  .max(4096)
  .refine((value) => !value.includes('\u0000'), 'expected an argument without NUL characters');

export const GuestExecRequestedSchema = z
  .object({
    ...GuestLocatorShape,
    /** The program and its arguments, run by the QEMU guest agent without a shell. */
    command: z.array(ArgumentSchema).min(1).max(64),
    /** Sent to the program's standard input. */
    input: z.string().max(65_536).optional(),
    /** How long to wait for the program to exit, in seconds. */
    timeoutSeconds: z.number().int().min(1).max(300),
    /** How many bytes of standard output and of standard error to keep. */
    maxOutputBytes: z.number().int().min(1).max(EXEC_OUTPUT_LIMIT_BYTES),
  })
  .strict();
export type GuestExecRequested = z.infer<typeof GuestExecRequestedSchema>;

export const GuestExecRequestedContract = defineOperationCommand({
  subject: 'cmd.proxmox.guest.exec',
  type: 'proxmox.guest.exec.requested',
  data: GuestExecRequestedSchema,
});
