import { z } from 'zod';
import { defineEvent } from '../../define';
import { ErrorCodeSchema } from '../../errors';

export const ToolCalledSchema = z.object({
  tool: z.string(),
  transport: z.enum(['http', 'stdio']),
  /** Arguments with secret-looking fields redacted. */
  arguments: z.record(z.string(), z.unknown()),
  outcome: z.enum(['ok', 'error']),
  /** The tool only reads (inventory, audit, knowledge): a call of it changed nothing. */
  readOnly: z.boolean().optional(),
  durationMs: z.number().nonnegative(),
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).optional(),
});
export type ToolCalled = z.infer<typeof ToolCalledSchema>;

export const ToolCalledContract = defineEvent({
  subject: 'evt.mcp.tool.called',
  type: 'mcp.tool.called',
  data: ToolCalledSchema,
});
