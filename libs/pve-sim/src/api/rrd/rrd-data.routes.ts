import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { ClusterNode } from '../../state/cluster-node';
import { type Guest, type GuestType } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';
import { guestUsage } from '../../state/guest-usage';
import type { SimulatorState } from '../../state/simulator-state';
import { nodeUsage } from '../nodes/node-usage';

// Sources: pve-manager PVE/API2/Nodes.pm rrddata, qemu-server and pve-container rrddata,
// pve-cluster PVE/RRD.pm create_rrd_data (the PVE 9 RRD layout: `pve-node-9.0/<node>`,
// `pve-vm-9.0/<vmid>`). pmxcfs keeps every RRD on every node, so these routes answer for
// any node and guest of the cluster without proxying, and read no guest config.

type Timeframe = 'hour' | 'day' | 'week' | 'month' | 'year' | 'decade';
type Entry = Record<string, number>;

/** [seconds per point, points]: create_rrd_data's `$setup` for the PVE 9 format. */
const RESOLUTION: Readonly<Record<Timeframe, readonly [number, number]>> = {
  hour: [60, 60],
  day: [60, 1440],
  week: [1800, 336],
  month: [1800, 1440],
  year: [21_600, 1440],
  decade: [604_800, 570],
};
const GUEST_TIMEFRAMES: readonly Timeframe[] = ['hour', 'day', 'week', 'month', 'year'];
const CF = { type: 'string', optional: true, enum: ['AVERAGE', 'MAX'] } as const;
const DAY_SECONDS = 86_400;

/**
 * A repeatable load curve around `level`: a daily wave plus per-point jitter, so graphs
 * look lived-in and every run draws the same ones. MAX consolidation reads higher.
 */
function curve(seed: number, time: number, level: number, cf: string): number {
  const wave = 0.75 + 0.25 * Math.sin((2 * Math.PI * (time % DAY_SECONDS)) / DAY_SECONDS + seed);
  const jitter = (((seed * 2_654_435_761 + time * 40_503) >>> 0) % 1000) / 1000;
  return level * wave * (0.9 + 0.2 * jitter) * (cf === 'MAX' ? 1.15 : 1);
}

function points(timeframe: Timeframe, nowMs: number): number[] {
  const [resolution, count] = RESOLUTION[timeframe];
  const end = resolution * Math.floor(nowMs / 1000 / resolution);
  return Array.from({ length: count }, (_, index) => end - resolution * (count - index));
}

function rrdMissing(name: string): PveHttpError {
  return PveHttpError.failed(`RRD error: opening '/var/lib/rrdcached/db/${name}': No such file or directory`);
}

function nodeSeries(state: SimulatorState, node: ClusterNode, timeframe: Timeframe, cf: string): Entry[] {
  const now = Date.now();
  const usage = nodeUsage(state, node, now);
  const seed = node.name.split('').reduce((sum, char) => sum + char.charCodeAt(0), 0);
  const bootedAt = Math.floor(node.bootedAt / 1000);
  return points(timeframe, now).map((time): Entry => {
    // Before the node booted its RRD holds nothing but the time.
    if (time < bootedAt) return { time };
    const cpu = Math.min(1, curve(seed, time, usage.cpu, cf));
    const memused = Math.min(node.memoryBytes, curve(seed + 1, time, usage.mem, cf));
    return {
      time,
      cpu,
      iowait: cpu * 0.02,
      loadavg: cpu * node.cpus,
      maxcpu: node.cpus,
      memtotal: node.memoryBytes,
      memused,
      memavailable: node.memoryBytes - memused,
      swaptotal: 8 * 1024 ** 3,
      swapused: 0,
      roottotal: node.rootfsBytes,
      rootused: usage.disk,
      netin: curve(seed + 2, time, 250_000, cf),
      netout: curve(seed + 3, time, 120_000, cf),
    };
  });
}

function guestSeries(guest: Guest, timeframe: Timeframe, cf: string): Entry[] {
  const now = Date.now();
  const resources = guestResources(guest);
  const usage = guestUsage(guest, resources, now);
  const startedAt = guest.status === 'running' ? Math.floor((guest.startedAt ?? now) / 1000) : Infinity;
  // Rates per second from the counters guestUsage grows with uptime.
  const rate = (total: number) => (usage.uptime > 0 ? total / usage.uptime : 0);
  return points(timeframe, now).map((time) => {
    const running = time >= startedAt;
    const level = (value: number, offset: number) =>
      running ? curve(guest.vmid + offset, time, value, cf) : 0;
    return {
      time,
      maxcpu: resources.cpus,
      cpu: Math.min(1, level(usage.cpu, 0)),
      maxmem: resources.maxmem,
      mem: Math.min(resources.maxmem, level(usage.mem, 1)),
      maxdisk: resources.maxdisk,
      disk: usage.disk,
      netin: level(rate(usage.netin), 2),
      netout: level(rate(usage.netout), 3),
      diskread: level(rate(usage.diskread), 4),
      diskwrite: level(rate(usage.diskwrite), 5),
    };
  });
}

const nodeRrdRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/rrddata',
  parameters: {
    node: NODE_PARAMETER,
    timeframe: { type: 'string', enum: Object.keys(RESOLUTION) },
    cf: CF,
  },
  permissions: { check: ['perm', '/nodes/{node}', ['Sys.Audit']] },
  handle: ({ params }, { state }) => {
    const name = params['node'] ?? '';
    const node = state.node(name);
    if (!node) throw rrdMissing(`pve-node-9.0/${name}`);
    return nodeSeries(state, node, params['timeframe'] as Timeframe, params['cf'] ?? 'AVERAGE');
  },
};

function guestRrdRoute(type: GuestType): RouteDefinition {
  return {
    method: 'GET',
    path: `/nodes/{node}/${type}/{vmid}/rrddata`,
    parameters: {
      node: NODE_PARAMETER,
      vmid: VMID_PARAMETER,
      timeframe: { type: 'string', enum: GUEST_TIMEFRAMES },
      cf: CF,
    },
    permissions: { check: ['perm', '/vms/{vmid}', ['VM.Audit']] },
    handle: ({ params }, { state }) => {
      const vmid = Number(params['vmid']);
      // The RRD is keyed by VMID alone: the node in the path and the guest's type do not matter.
      const guest = state.guest(vmid);
      if (!guest) throw rrdMissing(`pve-vm-9.0/${vmid}`);
      return guestSeries(guest, params['timeframe'] as Timeframe, params['cf'] ?? 'AVERAGE');
    },
  };
}

export const rrdDataRoutes: readonly RouteDefinition[] = [
  nodeRrdRoute,
  guestRrdRoute('qemu'),
  guestRrdRoute('lxc'),
];
