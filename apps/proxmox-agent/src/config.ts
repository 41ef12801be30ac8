import { TargetNameSchema } from '@proxmox-mpc/contracts';
import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

export const AgentConfigSchema = BaseConfigSchema.extend({
  PVE_URL: z.url({
    protocol: /^https?$/,
    error: 'expected the Proxmox VE URL, e.g. https://pve1.example:8006',
  }),
  PVE_TOKEN_ID: z
    .string()
    .regex(/^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$/, 'expected an API token id such as root@pam!mpc'),
  PVE_TOKEN_SECRET: z.string().min(1),
  /** PEM file of the CA that signed the Proxmox certificate (self-signed clusters). */
  PVE_CA_FILE: z.string().optional(),
  /** Skip TLS verification. Explicit only; never implied by a missing CA. */
  PVE_INSECURE_TLS: flag.default(false),
  PVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** How long a power task may run before the agent reports it as timed out. */
  PVE_TASK_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** The name this cluster goes by in messages (`target`). */
  PVE_TARGET: TargetNameSchema.default('default'),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
