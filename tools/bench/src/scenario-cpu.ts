import type { WatchedProcesses } from './load';
import { cpuMs, postgresBackendsCpu } from './process-cpu';

type Database = Parameters<typeof postgresBackendsCpu>[0];

/** The CPU time (ms) the watched processes and the database's backends have used so far. */
export interface CpuReading {
  processes: Map<string, number>;
  backends: Map<number, { client: string; ms: number }>;
}

export async function readCpu(watched: WatchedProcesses, database: Database): Promise<CpuReading> {
  const processes = new Map<string, number>();
  for (const [label, pid] of watched) {
    const ms = cpuMs(pid);
    if (ms !== undefined) processes.set(label, ms);
  }
  return { processes, backends: await postgresBackendsCpu(database) };
}

/**
 * Seconds of CPU each process used between two readings (a process `before` does not name,
 * from its start),
 * with what PostgreSQL spent on its queries. A backend that ended in between is not counted.
 */
export function cpuSecondsBetween(
  before: CpuReading | undefined,
  after: CpuReading,
): Array<{ label: string; seconds: number; postgresSeconds: number }> {
  const postgres = new Map<string, number>();
  for (const [pid, { client, ms }] of after.backends) {
    const spent = ms - (before?.backends.get(pid)?.ms ?? 0);
    postgres.set(client, (postgres.get(client) ?? 0) + spent);
  }
  return [...after.processes].map(([label, ms]) => ({
    label,
    seconds: (ms - (before?.processes.get(label) ?? 0)) / 1000,
    postgresSeconds: (postgres.get(label) ?? 0) / 1000,
  }));
}

/** "proxmox-agent 3.9 + 1.0 in PostgreSQL, rag 2.1 + 3.4 in PostgreSQL, nats-server 0.8, …" */
export function describeCpuSeconds(spent: ReturnType<typeof cpuSecondsBetween>): string {
  return spent
    .map(
      ({ label, seconds, postgresSeconds }) =>
        `${label} ${seconds.toFixed(1)}${postgresSeconds >= 0.05 ? ` + ${postgresSeconds.toFixed(1)} in PostgreSQL` : ''}`,
    )
    .join(', ');
}
