import { z } from 'zod';
import { defineEvent } from '../../define';
import { TargetNameSchema } from '../../envelope';

/** A cluster was connected at run time, after its API answered with the token given. */
export const TargetAddedContract = defineEvent({
  subject: 'evt.proxmox.target.added',
  type: 'proxmox.target.added',
  data: z.object({
    name: TargetNameSchema,
    url: z.string(),
    tokenId: z.string(),
    /** What the cluster said it runs, e.g. `9.2.3`. */
    version: z.string(),
    /** The cluster's nodes, as the token sees them. */
    nodes: z.array(z.string()),
    insecureTls: z.boolean(),
    customCa: z.boolean(),
  }),
});
