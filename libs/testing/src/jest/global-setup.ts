import { join } from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from '../embedded-postgres';
import { repoRoot } from '../repo-root';

declare global {
  var __mpcPostgres: RunningPostgres | undefined;
}

/**
 * One PostgreSQL for the whole run, unless DATABASE_URL names one. Each test file then
 * creates its own database on it. The cluster lives in .data/test-postgres so only the
 * first run pays for initdb; a second run of the same clone at the same time gets a
 * throwaway cluster instead of sharing (or stopping) the first one's.
 */
export default async function globalSetup(): Promise<void> {
  // `npm run test:unit`: the use-case layer needs no database; a spec that reaches for one fails.
  if (process.env.DATABASE_URL || process.env.MPC_UNIT_ONLY) return;
  const postgres = await startEmbeddedPostgres(join(repoRoot(), '.data', 'test-postgres'), {
    whenBusy: 'throwaway',
  });
  globalThis.__mpcPostgres = postgres;
  process.env.DATABASE_URL = postgres.url;
}
