import type { RouteDefinition } from '../../routes/route';

// Sources: pve-manager PVE/API2/Cluster.pm get_options (datacenter.cfg) and
// PVE/API2/Backup.pm index (the vzdump jobs of jobs.cfg with their next run).

const DAY_SECONDS = 86_400;

/** The next time a daily `HH:MM` schedule fires, in epoch seconds (UTC here). */
function nextRun(schedule: string, nowMs: number): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(schedule);
  if (!match) return undefined;
  const now = Math.floor(nowMs / 1000);
  const today = now - (now % DAY_SECONDS) + Number(match[1]) * 3600 + Number(match[2]) * 60;
  return today > now ? today : today + DAY_SECONDS;
}

export const clusterConfigRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/cluster/options',
    parameters: {},
    permissions: { check: ['perm', '/', ['Sys.Audit']] },
    handle: (_call, { state }) => ({ ...state.clusterOptions }),
  },
  {
    method: 'GET',
    path: '/cluster/backup',
    parameters: {},
    permissions: { check: ['perm', '/', ['Sys.Audit']] },
    handle: (_call, { state }) =>
      state.backupJobs.map((job) => {
        const next =
          typeof job['schedule'] === 'string' && job['enabled'] !== 0
            ? nextRun(job['schedule'], Date.now())
            : undefined;
        return { ...job, ...(next !== undefined && { 'next-run': next }) };
      }),
  },
];
