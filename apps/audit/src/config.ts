import { BaseConfigSchema, JaegerUrlSetting } from '@proxmox-mpc/service-runtime';
import { z } from 'zod';

export const AuditConfigSchema = BaseConfigSchema.extend({
  JAEGER_URL: JaegerUrlSetting,
  AUDIT_ANCHOR_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(60_000)
    .describe(
      'How often the chain head is published outside the table (`evt.audit.chain.anchored`) while the log grows.',
    ),
});
export type AuditConfig = z.infer<typeof AuditConfigSchema>;
