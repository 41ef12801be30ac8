import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';
import { SCOPES } from './access/access-policy';
import { APPROVAL_ACTIONS, DEFAULT_APPROVAL_ACTIONS } from './operations/approval-policy';

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const approvalPolicy = z
  .string()
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'expected JSON such as {"*": ["power.stop", "delete"], "lab": []}',
      });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), z.array(z.enum(APPROVAL_ACTIONS))));

export const McpEdgeConfigSchema = BaseConfigSchema.extend({
  MCP_TRANSPORT: z.enum(['http', 'stdio']).default('http'),
  /** The bearer token of the agent that connects (kept only as a SHA-256 digest). */
  MCP_BEARER_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  /** Who calls with that token, as recorded in every envelope's `actor` (`token:<name>`). */
  MCP_TOKEN_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -')
    .default('default'),
  MCP_TOKEN_SCOPES: list.pipe(z.array(z.enum(SCOPES)).min(1)).default(['read', 'plan', 'apply']),
  /** Node and guest allow-lists of that token (selectors); empty = everything. */
  MCP_TOKEN_NODES: list.default([]),
  MCP_TOKEN_GUESTS: list.default([]),
  /** The operator's token for approvals (`npm run approve`); never give it to an agent. */
  MCP_ADMIN_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  /** More tokens: a JSON list of { name, sha256 | token, scopes, nodes?, guests? }. */
  MCP_TOKENS_FILE: z.string().optional(),
  /** Scopes of a stdio caller (the local user who started the process). */
  MCP_STDIO_SCOPES: list.pipe(z.array(z.enum(SCOPES)).min(1)).default(['read', 'plan', 'apply']),
  /** Which actions need a human's yes, per target (`*` = any target not listed). */
  MCP_APPROVAL_POLICY: approvalPolicy.default({ '*': [...DEFAULT_APPROVAL_ACTIONS] }),
  MCP_APPROVAL_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(15 * 60_000),
  /** Key that signs state sent to clients between elicitation rounds; set it when running replicas. */
  MCP_STATE_KEY: z.string().min(32, 'use at least 32 characters').optional(),
  /** Host header values accepted (DNS-rebinding protection); empty = any. */
  MCP_ALLOWED_HOSTS: list.default(['localhost', '127.0.0.1', '[::1]']),
  /** How long a tool waits for a command's result before answering that it is still running. */
  MCP_TOOL_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
  MCP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
}).superRefine((config, context) => {
  if (config.MCP_TRANSPORT === 'http' && !config.MCP_BEARER_TOKEN && !config.MCP_TOKENS_FILE) {
    context.addIssue({
      code: 'custom',
      path: ['MCP_BEARER_TOKEN'],
      message: 'MCP_BEARER_TOKEN (or MCP_TOKENS_FILE) is required when MCP_TRANSPORT=http',
    });
  }
});
export type McpEdgeConfig = z.infer<typeof McpEdgeConfigSchema>;
