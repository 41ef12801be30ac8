import { GuestSelectorSchema, NodeSelectorSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { TOOL_CATALOG } from '../tools/tool-catalog';
import { SCOPES } from './access-policy';

export const TokenNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -');

const TOOL_NAMES = TOOL_CATALOG.map((tool) => tool.name) as [string, ...string[]];

/**
 * What a token may do, as operators write it: in MCP_TOKENS_FILE and in `npm run token
 * create`. One schema for both, so a file and the CLI accept and refuse the same things.
 */
export const TokenGrantSchema = z.object({
  scopes: z.array(z.enum(SCOPES)).min(1, 'give at least one scope: read, plan, apply or admin'),
  nodes: z.array(NodeSelectorSchema).default([]),
  guests: z.array(GuestSelectorSchema).default([]),
  tools: z.array(z.enum(TOOL_NAMES, { error: `expected a tool name: ${TOOL_NAMES.join(', ')}` })).default([]),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 time with an offset, e.g. 2027-01-31T00:00:00Z' })
    .transform((value) => new Date(value))
    .optional(),
});
