import type { RouteDefinition } from '../../routes/route';
import { nodeUsages } from './node-usage';

// Source: pve-manager PVE/API2/Nodes.pm index and PVE/API2Tools.pm extract_node_stats.
export const nodeListRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes',
  parameters: {},
  // Everyone sees the node list; usage figures need Sys.Audit on the node.
  permissions: { user: 'all' },
  handle: ({ access }, { state }) => {
    const usages = nodeUsages(state, Date.now());
    return state.nodes().map((node) => {
      const usage = usages.get(node.name);
      // An offline node's statistics have expired from the cluster's RRD cache.
      if (node.status === 'offline' || !usage) {
        return { node: node.name, status: node.status, ssl_fingerprint: node.sslFingerprint };
      }
      const audit = access.check(`/nodes/${node.name}`, ['Sys.Audit'], { noerr: true });
      return {
        node: node.name,
        status: node.status,
        level: node.supportLevel,
        ...(audit && {
          cpu: usage.cpu,
          maxcpu: node.cpus,
          maxmem: node.memoryBytes,
          mem: usage.mem,
          uptime: usage.uptime,
        }),
        ssl_fingerprint: node.sslFingerprint,
      };
    });
  },
};
