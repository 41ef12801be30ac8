import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import { KERNEL, PVE_MANAGER_VERSION, cpuModel, physicalCores } from './node-hardware-facts';
import { nodeUsage } from './node-usage';

// Source: pve-manager PVE/API2/Nodes.pm status (GET): /proc/stat, /proc/meminfo, the root
// filesystem, uname and the boot mode, read on the node itself.

const SWAP_BYTES = 8 * 1024 ** 3;

/** loadavg's three figures as PVE sends them: text with two decimals. */
function loadAverage(busyCpus: number): string[] {
  return [1, 0.92, 0.85].map((factor) => (busyCpus * factor).toFixed(2));
}

export const nodeStatusRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/status',
  parameters: { node: NODE_PARAMETER },
  proxyToNode: true,
  permissions: { check: ['perm', '/nodes/{node}', ['Sys.Audit']] },
  handle: ({ params }, { state }) => {
    const node = resolveProxyNode(state, params['node'] ?? '');
    const usage = nodeUsage(state, node, Date.now());
    const free = node.memoryBytes - usage.mem;
    const rootfsTotal = node.rootfsBytes;
    return {
      uptime: usage.uptime,
      cpu: usage.cpu,
      wait: Number((usage.cpu * 0.02).toFixed(6)),
      idle: 0,
      loadavg: loadAverage(usage.cpu * node.cpus),
      kversion: `${KERNEL.sysname} ${KERNEL.release} ${KERNEL.version}`,
      'current-kernel': { ...KERNEL },
      'boot-info': { mode: 'efi', secureboot: 0 },
      cpuinfo: {
        model: cpuModel(node),
        sockets: 1,
        cores: physicalCores(node),
        cpus: node.cpus,
        mhz: '3400.000',
        hvm: '1',
        user_hz: 100,
        flags:
          'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx lm constant_tsc rep_good nopl aes avx avx2',
      },
      memory: { total: node.memoryBytes, used: usage.mem, free, available: free },
      swap: { total: SWAP_BYTES, used: 0, free: SWAP_BYTES },
      rootfs: {
        total: rootfsTotal,
        used: usage.disk,
        free: rootfsTotal - usage.disk,
        avail: rootfsTotal - usage.disk,
      },
      ksm: { shared: 0 },
      pveversion: PVE_MANAGER_VERSION,
    };
  },
};
