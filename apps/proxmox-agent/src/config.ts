import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/**
 * One cluster can be configured with PVE_* variables; several with PVE_TARGETS_FILE (a
 * JSON list, see targets/target-config.ts). Exactly one of the two, unless PVE_SECRETS_KEY
 * lets operators connect every cluster at run time.
 */
export const AgentConfigSchema = BaseConfigSchema.extend({
  PVE_TARGETS_FILE: z
    .string()
    .optional()
    .describe(
      'Several clusters: a JSON file listing them, instead of the single-cluster `PVE_*` variables ' +
        '(docs/configuration.md, "Several clusters"). Exactly one of it and `PVE_URL`.',
    ),
  PVE_URL: z
    .url({ protocol: /^https?$/, error: 'expected the Proxmox VE URL, e.g. https://pve1.example:8006' })
    .optional()
    .describe(
      'The Proxmox VE API, e.g. `https://pve1.example:8006`; required unless `PVE_TARGETS_FILE` is set.',
    ),
  PVE_TOKEN_ID: z
    .string()
    .optional()
    .describe('API token login: the token id, `user@realm!name` (this or `PVE_USERNAME`).'),
  PVE_TOKEN_SECRET: z.string().optional().describe("That API token's secret."),
  PVE_USERNAME: z
    .string()
    .optional()
    .describe('Ticket login: the user, `user@realm`; the ticket is renewed before its 2 hours run out.'),
  PVE_PASSWORD: z.string().optional().describe("That user's password."),
  PVE_CA_FILE: z
    .string()
    .optional()
    .describe('PEM file of the CA that signed the Proxmox certificate (self-signed clusters).'),
  PVE_INSECURE_TLS: flag
    .optional()
    .describe(
      'Skip TLS verification (`true`/`false`, default false). Explicit only; never implied by a missing CA.',
    ),
  PVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(300_000)
    .optional()
    .describe('Longest wait for one Proxmox API call; default 15000.'),
  PVE_TASK_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .optional()
    .describe('Longest wait for one Proxmox task (UPID) to end; default 600000.'),
  PVE_MAX_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .optional()
    .describe('Proxmox requests in flight at most; more wait their turn; default 64.'),
  PVE_SYNC_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .optional()
    .describe('Period of the incremental inventory sync (a full one runs at start); default 15000.'),
  PVE_CIRCUIT_FAILURE_THRESHOLD: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Consecutive transport failures that open the circuit (calls then fail fast); default 5.'),
  PVE_CIRCUIT_COOLDOWN_MS: z.coerce
    .number()
    .int()
    .min(100)
    .optional()
    .describe('How long an open circuit waits before letting one probe call through; default 30000.'),
  PVE_TARGET: z
    .string()
    .optional()
    .describe("The cluster's name in messages (the envelope's `target`); default `default`."),
  PVE_SECRETS_KEY: z
    .string()
    .min(32, 'expected at least 32 characters, e.g. the output of `openssl rand -hex 32`')
    .optional()
    .describe(
      'Lets operators connect clusters at run time (`proxmox-mpc init`): the master key from which the ' +
        "agent derives the key their token secrets are sealed with on the bus and the key they are kept with in its database. Keep it; without it those clusters' secrets cannot be read. " +
        'With it, `PVE_URL` and `PVE_TARGETS_FILE` may both be left out.',
    ),
}).superRefine((config, context) => {
  if (config.PVE_TARGETS_FILE && config.PVE_URL) {
    context.addIssue({
      code: 'custom',
      path: ['PVE_URL'],
      message: 'set either PVE_URL or PVE_TARGETS_FILE, not both',
    });
  }
  if (!config.PVE_TARGETS_FILE && !config.PVE_URL && !config.PVE_SECRETS_KEY) {
    context.addIssue({
      code: 'custom',
      path: ['PVE_URL'],
      message:
        'PVE_URL is required (or PVE_TARGETS_FILE, or PVE_SECRETS_KEY to connect clusters from the console)',
    });
  }
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
