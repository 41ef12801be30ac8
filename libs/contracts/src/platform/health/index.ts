import { z } from 'zod';
import { defineQuery } from '../../define';

/** The platform's services, every one of which answers `qry.platform.health`. */
export const PLATFORM_SERVICES = [
  'audit',
  'proxmox-agent',
  'iac-generator',
  'test-runner',
  'rag',
  'mcp-edge',
] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

export const HealthCheckSchema = z.object({
  ok: z.boolean(),
  /** Why a check failed, or what it found (`Proxmox VE 9.2.3`). */
  detail: z.string().optional(),
  latencyMs: z.number().int().nonnegative().optional(),
});

/** One replica of one service, as it sees itself. */
export const ServiceHealthSchema = z.object({
  service: z.string(),
  /** The replica: host name and process id (`mcp-edge-7d9f…:1`). */
  instance: z.string(),
  version: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  /** `ok` when every check passed: the same verdict as its HTTP `/health`. */
  status: z.enum(['ok', 'unavailable']),
  /** `nats`, `postgres`, and the service's own (`proxmox:<target>` on the agent). */
  checks: z.record(z.string(), HealthCheckSchema),
  /** Its settings, with secrets and the credentials in URLs replaced by `[REDACTED]`. */
  config: z.record(z.string(), z.string()).optional(),
});
export type ServiceHealth = z.infer<typeof ServiceHealthSchema>;

/**
 * Every replica of every service answers for itself (no queue group), so a caller that
 * gathers the replies sees the whole platform, and a service with no reply is down.
 */
export const PlatformHealthQuery = defineQuery({
  subject: 'qry.platform.health',
  type: 'platform.health',
  request: z
    .object({
      /** Also answer with the replica's settings (secrets removed), for a diagnostic bundle. */
      includeConfig: z.boolean().optional(),
    })
    .strict(),
  response: ServiceHealthSchema,
});
