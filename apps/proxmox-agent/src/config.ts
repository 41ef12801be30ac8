import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/**
 * One cluster can be configured with PVE_* variables; several with PVE_TARGETS_FILE (a
 * JSON list, see targets/target-config.ts). Exactly one of the two.
 */
export const AgentConfigSchema = BaseConfigSchema.extend({
  PVE_TARGETS_FILE: z.string().optional(),
  PVE_URL: z
    .url({ protocol: /^https?$/, error: 'expected the Proxmox VE URL, e.g. https://pve1.example:8006' })
    .optional(),
  PVE_TOKEN_ID: z.string().optional(),
  PVE_TOKEN_SECRET: z.string().optional(),
  PVE_USERNAME: z.string().optional(),
  PVE_PASSWORD: z.string().optional(),
  /** PEM file of the CA that signed the Proxmox certificate (self-signed clusters). */
  PVE_CA_FILE: z.string().optional(),
  /** Skip TLS verification. Explicit only; never implied by a missing CA. */
  PVE_INSECURE_TLS: flag.optional(),
  PVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).optional(),
  PVE_TASK_TIMEOUT_MS: z.coerce.number().int().min(1_000).optional(),
  PVE_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  PVE_SYNC_INTERVAL_MS: z.coerce.number().int().min(1_000).optional(),
  PVE_CIRCUIT_FAILURE_THRESHOLD: z.coerce.number().int().min(1).optional(),
  PVE_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(100).optional(),
  /** The cluster's name in messages (`target`). */
  PVE_TARGET: z.string().optional(),
}).superRefine((config, context) => {
  if (config.PVE_TARGETS_FILE && config.PVE_URL) {
    context.addIssue({
      code: 'custom',
      path: ['PVE_URL'],
      message: 'set either PVE_URL or PVE_TARGETS_FILE, not both',
    });
  }
  if (!config.PVE_TARGETS_FILE && !config.PVE_URL) {
    context.addIssue({
      code: 'custom',
      path: ['PVE_URL'],
      message: 'PVE_URL is required (or PVE_TARGETS_FILE)',
    });
  }
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
