import { z } from 'zod';
import { defineQuery } from '../../define';

export const PermissionsGetQuery = defineQuery({
  subject: 'qry.proxmox.permissions.get',
  type: 'proxmox.permissions.get',
  request: z
    .object({
      path: z
        .string()
        .regex(/^\/[A-Za-z0-9/_.-]*$/, 'expected an ACL path such as /vms/100')
        .optional(),
    })
    .strict(),
  response: z.object({
    target: z.string(),
    /** Who the agent is on this cluster (API token or user). */
    identity: z.string(),
    /** Effective privileges per ACL path, as Proxmox computes them. */
    permissions: z.record(z.string(), z.array(z.string())),
  }),
});
