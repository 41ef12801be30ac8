import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

export const McpEdgeConfigSchema = BaseConfigSchema.extend({
  MCP_TRANSPORT: z.enum(['http', 'stdio']).default('http'),
  /** The bearer token HTTP clients must send. Kept only as a SHA-256 digest in memory. */
  MCP_BEARER_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  /** Who calls with that token, as recorded in every envelope's `actor`. */
  MCP_TOKEN_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, . _ -')
    .default('default'),
  /** Host header values accepted (DNS-rebinding protection); empty = any. */
  MCP_ALLOWED_HOSTS: list.default(['localhost', '127.0.0.1', '[::1]']),
  /** How long a tool waits for a command's result before answering that it is still running. */
  MCP_TOOL_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
  MCP_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).default(1_048_576),
}).superRefine((config, context) => {
  if (config.MCP_TRANSPORT === 'http' && !config.MCP_BEARER_TOKEN) {
    context.addIssue({
      code: 'custom',
      path: ['MCP_BEARER_TOKEN'],
      message: 'MCP_BEARER_TOKEN is required when MCP_TRANSPORT=http',
    });
  }
});
export type McpEdgeConfig = z.infer<typeof McpEdgeConfigSchema>;
