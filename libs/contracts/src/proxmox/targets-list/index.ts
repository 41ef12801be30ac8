import { z } from 'zod';
import { defineQuery } from '../../define';
import { TargetNameSchema } from '../../envelope';

export const TargetSummarySchema = z.object({
  name: TargetNameSchema,
  url: z.string(),
  /** The API token id, or the user of a ticket login. */
  login: z.string(),
  /** `configuration`: from PVE_* or PVE_TARGETS_FILE; `console`: connected at run time (`/init`). */
  source: z.enum(['configuration', 'console']),
  insecureTls: z.boolean(),
  customCa: z.boolean(),
  addedAt: z.iso.datetime({ offset: true }).optional(),
  addedBy: z.string().optional(),
});
export type TargetSummary = z.infer<typeof TargetSummarySchema>;

/** The clusters the agent manages, and the key to seal a new one's secret with. */
export const TargetsListQuery = defineQuery({
  subject: 'qry.proxmox.targets.list',
  type: 'proxmox.targets.list',
  request: z.object({}).strict(),
  response: z.object({
    targets: z.array(TargetSummarySchema),
    /**
     * The agent's X25519 public key (raw, base64) for `cmd.proxmox.target.add`'s sealed
     * secret; absent when the agent has no PVE_SECRETS_KEY and cannot accept clusters at run time.
     */
    sealingKey: z.string().optional(),
  }),
});
