import { readFileSync } from 'node:fs';

/** A memory figure of a process from /proc/<pid>/status (Linux), in MiB; undefined elsewhere. */
function statusMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** A process's peak resident memory so far (Linux VmHWM), in MiB; undefined elsewhere. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  return statusMiB(pid, 'VmHWM');
}

/** A process's resident memory now (Linux VmRSS), in MiB; undefined elsewhere. */
export function rssMiB(pid: number | undefined): number | undefined {
  return statusMiB(pid, 'VmRSS');
}
