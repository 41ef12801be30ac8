import { Injectable } from '@nestjs/common';
import {
  Subjects,
  type MetricsPoint,
  type QueryRequestOf,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import type { PveRrdPoint } from '@proxmox-mpc/pve-client';
import { GuestLocator } from '../inventory/guest-locator';
import { liveRead } from '../targets/live-read';
import { TargetRegistry } from '../targets/target-registry';

export type GetMetrics = QueryRequestOf<typeof Subjects.proxmoxMetricsGet> & { target?: string };
export type Metrics = QueryResponseOf<typeof Subjects.proxmoxMetricsGet>;

// Enough points for a readable graph, few enough for a model to read: a day at one
// point a minute becomes 60 points of 24 minutes.
const DEFAULT_MAX_POINTS = 60;

type Field = Exclude<keyof MetricsPoint, 'time'>;

/** Which RRD data source feeds each field, for nodes and for guests. */
const NODE_FIELDS: ReadonlyArray<[Field, string]> = [
  ['cpu', 'cpu'],
  ['memoryUsedBytes', 'memused'],
  ['memoryTotalBytes', 'memtotal'],
  ['netInBytesPerSecond', 'netin'],
  ['netOutBytesPerSecond', 'netout'],
  ['loadAverage', 'loadavg'],
  ['rootUsedBytes', 'rootused'],
];
const GUEST_FIELDS: ReadonlyArray<[Field, string]> = [
  ['cpu', 'cpu'],
  ['memoryUsedBytes', 'mem'],
  ['memoryTotalBytes', 'maxmem'],
  ['netInBytesPerSecond', 'netin'],
  ['netOutBytesPerSecond', 'netout'],
  ['diskReadBytesPerSecond', 'diskread'],
  ['diskWriteBytesPerSecond', 'diskwrite'],
];

/**
 * Merges consecutive RRD points into at most `maxPoints`: each field averaged (or its
 * peak kept, for `max`) over the points that have it; a merged point is stamped with its
 * last time.
 */
function merged(
  points: readonly PveRrdPoint[],
  fields: ReadonlyArray<[Field, string]>,
  maxPoints: number,
  max: boolean,
): { points: MetricsPoint[]; perPoint: number } {
  const perPoint = Math.max(1, Math.ceil(points.length / maxPoints));
  const result: MetricsPoint[] = [];
  for (let start = 0; start < points.length; start += perPoint) {
    const bucket = points.slice(start, start + perPoint);
    const point: MetricsPoint = { time: new Date((bucket.at(-1)?.time ?? 0) * 1000).toISOString() };
    for (const [field, source] of fields) {
      const values = bucket
        .map((entry) => entry[source])
        .filter((value): value is number => value !== undefined);
      if (values.length === 0) continue;
      point[field] = max
        ? Math.max(...values)
        : values.reduce((sum, value) => sum + value, 0) / values.length;
    }
    result.push(point);
  }
  return { points: result, perPoint };
}

/** A node's or a guest's RRD series over a timeframe, merged to a bounded number of points. */
@Injectable()
export class GetMetricsUseCase {
  constructor(
    private readonly targets: TargetRegistry,
    private readonly locator: GuestLocator,
  ) {}

  execute(request: GetMetrics): Promise<Metrics> {
    const { target: name, node, vmid, timeframe } = request;
    const consolidation = request.consolidation ?? 'average';
    return liveRead(this.targets, name, async (target) => {
      const guest =
        vmid === undefined ? undefined : await this.locator.locate(target, vmid, node, request.type);
      const source = guest ? { node: guest.node, type: guest.type, vmid: guest.vmid } : { node };
      const points = await target.client.rrdData(
        source,
        timeframe,
        consolidation === 'max' ? 'MAX' : 'AVERAGE',
      );
      const step = points.length > 1 ? (points[1]?.time ?? 0) - (points[0]?.time ?? 0) : 60;
      const series = merged(
        points,
        guest ? GUEST_FIELDS : NODE_FIELDS,
        request.maxPoints ?? DEFAULT_MAX_POINTS,
        consolidation === 'max',
      );
      return {
        target: target.name,
        node: guest?.node ?? node,
        ...(guest ? { vmid: guest.vmid } : {}),
        timeframe,
        consolidation,
        resolutionSeconds: step * series.perPoint,
        points: series.points,
      };
    });
  }
}
