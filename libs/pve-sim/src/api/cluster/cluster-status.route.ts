import type { RouteDefinition } from '../../routes/route';

/**
 * Source: pve-manager PVE/API2/Cluster.pm get_status. One `cluster` entry, then one
 * per member node; `local` marks the node that answered (the simulator answers as
 * the first online node). Quorum needs more than half of the nodes online.
 */
export const clusterStatusRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/status',
  parameters: {},
  permissions: { check: ['perm', '/', ['Sys.Audit']] },
  handle: (_call, { state }) => {
    const nodes = state.nodes();
    const online = nodes.filter((node) => node.status === 'online');
    const local = online[0]?.name;
    return [
      {
        type: 'cluster',
        id: 'cluster',
        name: state.clusterName,
        nodes: nodes.length,
        // corosync.conf's config_version grows with every node that joined.
        version: nodes.length + 1,
        quorate: online.length * 2 > nodes.length ? 1 : 0,
      },
      ...nodes.map((node, index) => ({
        type: 'node',
        id: `node/${node.name}`,
        name: node.name,
        nodeid: index + 1,
        ip: node.ip ?? `10.0.${Math.floor((index + 1) / 250)}.${((index + 1) % 250) + 1}`,
        local: node.name === local ? 1 : 0,
        online: node.status === 'online' ? 1 : 0,
        level: node.status === 'online' ? node.supportLevel : '',
      })),
    ];
  },
};
