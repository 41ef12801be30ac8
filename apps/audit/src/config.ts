import { BaseConfigSchema } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

export const AuditConfigSchema = BaseConfigSchema.extend({
  /** Jaeger's UI (e.g. http://localhost:16686): a correlation id search then links its trace. */
  JAEGER_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://localhost:16686' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** How often the chain head is published outside the table (evt.audit.chain.anchored) while the log grows. */
  AUDIT_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
});
export type AuditConfig = z.infer<typeof AuditConfigSchema>;
