import { z } from 'zod';
import { defineQuery } from '../../define';
import { ErrorCodeSchema } from '../../errors';

export const McpOperationStatusSchema = z.enum([
  'awaiting-approval',
  'running',
  'completed',
  'failed',
  'denied',
  'expired',
]);

/** An operation an MCP caller asked for (a guest operation, an IaC apply). */
export const McpOperationSummarySchema = z.object({
  operationId: z.string(),
  tool: z.string(),
  /** What happens, in an operator's words: "stop qemu 100 (web-01) on pve1". */
  summary: z.string(),
  status: McpOperationStatusSchema,
  target: z.string().optional(),
  requestedBy: z.string(),
  correlationId: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  decidedBy: z.string().optional(),
  error: z.object({ code: ErrorCodeSchema, message: z.string() }).optional(),
});
export type McpOperationSummary = z.infer<typeof McpOperationSummarySchema>;

/** mcp-edge's operations in one state, newest first. */
export const OperationsListQuery = defineQuery({
  subject: 'qry.mcp.operations.list',
  type: 'mcp.operations.list',
  request: z
    .object({
      /** `running` when omitted. */
      status: McpOperationStatusSchema.optional(),
      limit: z.number().int().min(1).max(200).optional(),
    })
    .strict(),
  response: z.object({ operations: z.array(McpOperationSummarySchema) }),
});
