import { cpuMs } from './process-cpu';

/** Uncounted load before each row (BENCH_WARMUP_MS); measureLoad says why a time. */
export const LOAD_WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 10_000);

export interface LoadResult extends LatencySummary {
  concurrency: number;
  calls: number;
  callsPerSecond: number;
  errors: number;
  /** CPU time each watched process used per counted call (user + system), where it could be read. */
  cpuMsPerCall?: Record<string, number>;
}

/** Processes whose CPU time a load row reports per call, by label. */
export type WatchedProcesses = ReadonlyMap<string, number | undefined>;

/** The bench's own process (the MCP clients' side, and the simulator when the bench hosts it), as labelled. */
export const BENCH_CLIENT = 'bench client';

export interface LatencySummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

export function percentileSummary(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), p99Ms: percentile(sorted, 0.99) };
}

/**
 * Runs `call` from `concurrency` workers for `durationMs` and summarises latency and
 * throughput, after `warmupMs` of the same load that is not counted. The warm-up is a
 * time, not a number of calls: V8 optimises a path after thousands of runs, and a row
 * that started with a few dozen measured its compiler at work (a `list_guests` p50 of
 * 6.5 ms in the first 5 s at one caller, 2.4 ms from the fifteenth second).
 */
export async function measureLoad(
  concurrency: number,
  durationMs: number,
  warmupMs: number,
  call: (worker: number) => Promise<unknown>,
  watched: WatchedProcesses = new Map(),
): Promise<LoadResult> {
  await callUntil(performance.now() + warmupMs, concurrency, call);
  const cpu = startCpuMeter(watched);
  const started = performance.now();
  const { latencies, errors } = await callUntil(started + durationMs, concurrency, call);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpuMsPerCall = cpu.msPerCall(latencies.length);
  return {
    concurrency,
    calls: latencies.length,
    callsPerSecond: latencies.length / elapsedSeconds,
    errors,
    ...percentileSummary(latencies),
    ...(Object.keys(cpuMsPerCall).length > 0 ? { cpuMsPerCall } : {}),
  };
}

/** Each worker calls one call after another until `deadline` (a `performance.now()` time). */
async function callUntil(
  deadline: number,
  concurrency: number,
  call: (worker: number) => Promise<unknown>,
): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const before = performance.now();
        try {
          await call(worker);
          latencies.push(performance.now() - before);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { latencies, errors };
}

/**
 * CPU time the watched processes use from now on; `msPerCall(calls)` divides what each
 * used since by the calls counted (none for a process that could not be read).
 */
export function startCpuMeter(watched: WatchedProcesses): {
  msPerCall(calls: number): Record<string, number>;
} {
  const before = cpuOf(watched);
  return {
    msPerCall(calls) {
      const after = cpuOf(watched);
      const perCall: Record<string, number> = {};
      for (const [label, ms] of before) {
        const now = after.get(label);
        if (now !== undefined && calls > 0) perCall[label] = (now - ms) / calls;
      }
      return perCall;
    },
  };
}

function cpuOf(watched: WatchedProcesses): Map<string, number> {
  const used = new Map<string, number>();
  for (const [label, pid] of watched) {
    const ms = cpuMs(pid);
    if (ms !== undefined) used.set(label, ms);
  }
  return used;
}

export function formatTable(title: string, results: readonly LoadResult[]): string {
  const header = 'concurrency   calls   calls/s    p50 ms   p95 ms   p99 ms   errors';
  const rows = results.map((result) =>
    [
      String(result.concurrency).padStart(11),
      String(result.calls).padStart(7),
      result.callsPerSecond.toFixed(0).padStart(9),
      result.p50Ms.toFixed(2).padStart(9),
      result.p95Ms.toFixed(2).padStart(8),
      result.p99Ms.toFixed(2).padStart(8),
      String(result.errors).padStart(8),
    ].join(' '),
  );
  return [title, header, ...rows, ...results.flatMap(formatCpuPerCall)].join('\n');
}

/** "  c=16 CPU ms per call: mcp-edge 2.10, proxmox-agent 0.40, …" for rows that watched processes. */
function formatCpuPerCall(result: LoadResult): string[] {
  if (Object.keys(result.cpuMsPerCall ?? {}).length === 0) return [];
  return [`  c=${result.concurrency} CPU ms per call: ${describeCpuPerCall(result.cpuMsPerCall ?? {})}`];
}

/** "mcp-edge 2.10, proxmox-agent 0.40, … (sum 4.18)": what each process spent per call. */
export function describeCpuPerCall(cpuMsPerCall: Record<string, number>): string {
  const entries = Object.entries(cpuMsPerCall);
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  return `${entries.map(([label, ms]) => `${label} ${ms.toFixed(2)}`).join(', ')} (sum ${total.toFixed(2)})`;
}
