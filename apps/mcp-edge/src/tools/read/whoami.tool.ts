import { Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { SCOPES } from '../../access/access-policy';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';
import { withTarget } from './query-target';

export const whoamiTool = readTool({
  name: 'whoami',
  title: 'Who am I',
  description:
    'Your identity and scopes here (with node, guest, tool and exec allow-lists), and the Proxmox identity the platform uses ' +
    'with its effective privileges per path.',
  input: z.object({ target: TargetInput }).strict(),
  output: z.object({
    caller: z.object({
      actor: z.string(),
      scopes: z.array(z.enum(SCOPES)),
      nodes: z.array(z.string()),
      guests: z.array(z.string()),
      /** The tools this caller may call; empty means every tool its scopes allow. */
      tools: z.array(z.string()),
      /** The commands this caller may run in guests with exec_in_guest (prefixes); empty means none. */
      exec: z.array(z.string()),
    }),
    proxmox: z.object({
      target: z.string(),
      identity: z.string(),
      permissions: z.record(z.string(), z.array(z.string())),
    }),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target }, { bus, origin, access }) {
    const proxmox = await bus.query(Subjects.proxmoxPermissionsGet, {}, withTarget(origin, target));
    const grant = access.grant;
    const limits = [
      grant.nodes.length ? `nodes ${grant.nodes.join(', ')}` : 'all nodes',
      grant.guests.length ? `guests ${grant.guests.join(', ')}` : 'all guests',
      grant.tools.length ? `tools ${grant.tools.join(', ')}` : 'every tool of those scopes',
      grant.exec?.length ? `exec ${grant.exec.join('; ')}` : 'no exec in guests',
    ].join(', ');
    return {
      structured: {
        caller: {
          actor: grant.actorId,
          scopes: [...grant.scopes],
          nodes: [...grant.nodes],
          guests: [...grant.guests],
          tools: [...grant.tools],
          exec: [...(grant.exec ?? [])],
        },
        proxmox,
      },
      summary:
        `You are ${grant.actorId} with scopes ${grant.scopes.join(', ')} on ${limits}. ` +
        `On ${proxmox.target} the platform acts as ${proxmox.identity} with privileges on ${Object.keys(proxmox.permissions).length} paths.`,
    };
  },
});
