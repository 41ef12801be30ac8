import { HaStatusQuery, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { withTarget } from '../read/query-target';
import { readTool } from '../tool-definition';
import { TargetInput } from '../tool-inputs';

export const getHaStatusTool = readTool({
  name: 'get_ha_status',
  title: 'Show high availability',
  description:
    'The cluster’s HA: quorum, the manager node, each node’s resource manager and every HA resource with the state ' +
    'it was asked for and the one it is in. A cluster without HA answers NOT_CONFIGURED.',
  input: z.object({ target: TargetInput }).strict(),
  output: HaStatusQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ target }, { bus, origin, access }) {
    const reply = await bus.query(Subjects.proxmoxHaStatus, {}, withTarget(origin, target));
    // A token limited to some nodes sees the resources running on them.
    const resources = reply.resources.filter(
      (resource) => !resource.node || access.allowsNode(resource.node),
    );
    const nodes = reply.nodes.filter((entry) => access.allowsNode(entry.node));
    const lines = resources.map(
      (resource) =>
        `${resource.sid} on ${resource.node || '?'}: ${resource.state} (asked: ${resource.requestState})`,
    );
    return {
      structured: { ...reply, nodes, resources },
      summary: [
        `HA on ${reply.target}: ${reply.quorate ? 'quorate' : 'NOT quorate'}, manager ${reply.manager ? reply.manager.status : 'none elected'}`,
        ...lines,
      ].join('\n'),
    };
  },
});
