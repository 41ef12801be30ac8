import { GuestSelectorSchema, NodeSelectorSchema, TokenNameSchema } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { TOOL_CATALOG } from '../tools/tool-catalog';
import { SCOPES } from './access-policy';
import { ExecEntrySchema } from './exec-entry';

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
  /** Command prefixes the token may run in guests (exec_in_guest); none when empty. */
  exec: z.array(ExecEntrySchema).default([]),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 time with an offset, e.g. 2027-01-31T00:00:00Z' })
    .transform((value) => new Date(value))
    .optional(),
});

/** A new token as an operator asks for it (admin endpoint or the console's command). */
export const CreateTokenSchema = TokenGrantSchema.extend({ name: TokenNameSchema })
  .strict()
  .refine((spec) => !spec.expiresAt || spec.expiresAt.getTime() > Date.now(), {
    message: 'expiresAt must be in the future',
    path: ['expiresAt'],
  });
