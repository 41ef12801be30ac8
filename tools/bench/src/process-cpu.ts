import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU time a process has used so far (user + system), in ms; undefined off Linux or once it is gone. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name in parentheses may hold spaces: fields are counted after it.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * Waits until the processes together use less than `busyShare` of one core over a
 * second (start-up work done: the first inventory sync, the knowledge index), at least
 * `minMs` and at most `maxMs`. Where CPU time cannot be read, waits `minMs`. A figure
 * taken while start-up work still runs measures that work, not the path.
 */
export async function settle(
  pids: ReadonlyArray<number | undefined>,
  { minMs = 2_000, maxMs = 60_000, busyShare = 0.1 } = {},
): Promise<void> {
  const started = performance.now();
  await sleep(minMs);
  const total = (): number | undefined => {
    let sum = 0;
    for (const pid of pids) {
      const used = cpuMs(pid);
      if (used === undefined) return undefined;
      sum += used;
    }
    return sum;
  };
  let before = total();
  while (before !== undefined && performance.now() - started < maxMs) {
    await sleep(1_000);
    const now = total();
    if (now === undefined || now - before < busyShare * 1_000) return;
    before = now;
  }
}

/** What a query of the database's own sessions needs: a connected pg client. */
interface Queryable {
  query<Row>(sql: string): Promise<{ rows: Row[] }>;
}

/**
 * CPU time (ms) each PostgreSQL backend serving the database has used so far, by pid, with
 * its client's application name (every service names itself): what a service's queries
 * cost PostgreSQL. Empty when PostgreSQL runs on another machine, whose pids mean nothing here.
 */
export async function postgresBackendsCpu(
  database: Queryable,
): Promise<Map<number, { client: string; ms: number }>> {
  const { rows } = await database.query<{ pid: number; client: string }>(
    `SELECT pid, application_name AS client FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const backends = new Map<number, { client: string; ms: number }>();
  for (const { pid, client } of rows) {
    const ms = isPostgres(pid) ? cpuMs(pid) : undefined;
    if (ms !== undefined) backends.set(pid, { client: client || 'unnamed', ms });
  }
  return backends;
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}
