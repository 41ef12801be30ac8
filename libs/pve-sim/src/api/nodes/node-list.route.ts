import type { RouteDefinition } from '../../routes/route';
import { nodeUsages } from './node-usage';

// Source: pve-manager PVE/API2/Nodes.pm index and PVE/API2Tools.pm extract_node_stats,
// which names each entry (`id: node/<name>`, `type: node`) like /cluster/resources does.
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
      const entry = { id: `node/${node.name}`, node: node.name, type: 'node', status: node.status };
      // An offline node's statistics have expired from the cluster's RRD cache.
      if (node.status === 'offline' || !usage) return { ...entry, ssl_fingerprint: node.sslFingerprint };
      const audit = access.check(`/nodes/${node.name}`, ['Sys.Audit'], { noerr: true });
      return {
        ...entry,
        ...(audit && { uptime: usage.uptime, cpu: usage.cpu, mem: usage.mem, disk: usage.disk }),
        level: node.supportLevel,
        ...(audit && { maxcpu: node.cpus, maxmem: node.memoryBytes, maxdisk: node.rootfsBytes }),
        ssl_fingerprint: node.sslFingerprint,
      };
    });
  },
};
