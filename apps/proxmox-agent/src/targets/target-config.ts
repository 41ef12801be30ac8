import { readFileSync } from 'node:fs';
import { TargetNameSchema, toValidationIssues, describeIssues } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import type { AgentConfig } from '../config';

const TokenAuthSchema = z.object({
  tokenId: z
    .string()
    .regex(/^[^\s@!]+@[^\s@!]+![A-Za-z][A-Za-z0-9._-]*$/, 'expected an API token id such as root@pam!mpc'),
  tokenSecret: z.string().min(1),
});
const TicketAuthSchema = z.object({
  username: z.string().regex(/^[^\s@]+@[^\s@]+$/, 'expected a user such as mpc@pve'),
  password: z.string().min(1),
});

/** One Proxmox VE cluster the agent manages. */
export const TargetSettingsSchema = z
  .object({
    name: TargetNameSchema,
    url: z.url({
      protocol: /^https?$/,
      error: 'expected the Proxmox VE URL, e.g. https://pve1.example:8006',
    }),
    auth: z.union([TokenAuthSchema, TicketAuthSchema], {
      error: 'expected tokenId + tokenSecret, or username + password',
    }),
    caFile: z.string().optional(),
    /** The CA itself (PEM), instead of a file: how a cluster connected at run time keeps it. */
    caPem: z.string().optional(),
    insecureTls: z.boolean().default(false),
    timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
    taskTimeoutMs: z.number().int().min(1_000).default(600_000),
    /**
     * Requests in flight to this cluster at most; more wait their turn. Room for a sync's
     * config reads, three per node, on a cluster of twenty.
     */
    maxConcurrency: z.number().int().min(1).max(256).default(64),
    syncIntervalMs: z.number().int().min(1_000).default(15_000),
    /** Consecutive failures that open the circuit, and how long it stays open before a probe. */
    circuitFailureThreshold: z.number().int().min(1).default(5),
    circuitCooldownMs: z.number().int().min(100).default(30_000),
  })
  .strict();
export type TargetSettings = z.infer<typeof TargetSettingsSchema>;

export class TargetConfigError extends Error {}

function parseTargets(input: unknown, where: string): TargetSettings[] {
  const result = z.array(TargetSettingsSchema).min(1, 'list at least one target').safeParse(input);
  if (!result.success)
    throw new TargetConfigError(`${where}: ${describeIssues(toValidationIssues(result.error))}`);
  const names = result.data.map((target) => target.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new TargetConfigError(`${where}: target "${duplicate}" is listed twice`);
  return result.data;
}

/**
 * The clusters to manage, from PVE_TARGETS_FILE or the single-target PVE_* variables;
 * none when neither is set (operators connect them at run time, PVE_SECRETS_KEY).
 */
export function loadTargets(config: AgentConfig): TargetSettings[] {
  if (!config.PVE_TARGETS_FILE && !config.PVE_URL) return [];
  if (config.PVE_TARGETS_FILE) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(config.PVE_TARGETS_FILE, 'utf8'));
    } catch (error) {
      throw new TargetConfigError(`PVE_TARGETS_FILE ${config.PVE_TARGETS_FILE}: ${(error as Error).message}`);
    }
    return parseTargets(json, 'PVE_TARGETS_FILE');
  }
  const auth = config.PVE_USERNAME
    ? { username: config.PVE_USERNAME, password: config.PVE_PASSWORD }
    : { tokenId: config.PVE_TOKEN_ID, tokenSecret: config.PVE_TOKEN_SECRET };
  return parseTargets(
    [
      {
        name: config.PVE_TARGET ?? 'default',
        url: config.PVE_URL,
        auth,
        ...(config.PVE_CA_FILE ? { caFile: config.PVE_CA_FILE } : {}),
        ...(config.PVE_INSECURE_TLS === undefined ? {} : { insecureTls: config.PVE_INSECURE_TLS }),
        ...(config.PVE_TIMEOUT_MS ? { timeoutMs: config.PVE_TIMEOUT_MS } : {}),
        ...(config.PVE_TASK_TIMEOUT_MS ? { taskTimeoutMs: config.PVE_TASK_TIMEOUT_MS } : {}),
        ...(config.PVE_MAX_CONCURRENCY ? { maxConcurrency: config.PVE_MAX_CONCURRENCY } : {}),
        ...(config.PVE_SYNC_INTERVAL_MS ? { syncIntervalMs: config.PVE_SYNC_INTERVAL_MS } : {}),
        ...(config.PVE_CIRCUIT_FAILURE_THRESHOLD
          ? { circuitFailureThreshold: config.PVE_CIRCUIT_FAILURE_THRESHOLD }
          : {}),
        ...(config.PVE_CIRCUIT_COOLDOWN_MS ? { circuitCooldownMs: config.PVE_CIRCUIT_COOLDOWN_MS } : {}),
      },
    ],
    'PVE_* settings',
  );
}
