import type { RouteDefinition } from '../../routes/route';
import { nodeUsage } from './node-usage';

export const nodeListRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes',
  parameters: {},
  handle: (_call, { state }) => {
    const now = Date.now();
    return state.nodes().map((node) => {
      const usage = nodeUsage(state, node, now);
      return {
        node: node.name,
        status: node.status,
        cpu: usage.cpu,
        level: node.supportLevel,
        maxcpu: node.cpus,
        maxmem: node.memoryBytes,
        mem: usage.mem,
        ssl_fingerprint: node.sslFingerprint,
        uptime: usage.uptime,
      };
    });
  },
};
