import { startEmbeddedPostgres } from './embedded-postgres';
import type { ManagedProcess } from './managed-process';
import { ensureNatsServer, isNatsReachable, startNatsServer } from './nats-server';

export interface LocalInfrastructure {
  natsUrl: string;
  /** Admin URL of the PostgreSQL server. */
  databaseUrl: string;
  /** The nats-server and PostgreSQL processes started here (none for ones given by URL). */
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

export interface LocalInfrastructureOptions {
  /** NATS_URL: used when reachable. */
  natsUrl?: string;
  /** DATABASE_URL: used as given. */
  databaseUrl?: string;
  /** Where a started nats-server keeps JetStream data; a throwaway folder when omitted. */
  natsStoreDir?: string;
  /** Where embedded PostgreSQL keeps its cluster (kept between runs). */
  postgresDataDir: string;
  /** Ports to use when free, so URLs stay the same from one run to the next. */
  preferredPorts?: { nats: number; postgres: number };
  log: (line: string) => void;
}

/**
 * NATS and PostgreSQL for a local run: the ones named by NATS_URL / DATABASE_URL when
 * given (and, for NATS, reachable), otherwise a nats-server and an embedded PostgreSQL
 * of our own. Shared by `npm start` and `npm run bench`.
 */
export async function startLocalInfrastructure(
  options: LocalInfrastructureOptions,
): Promise<LocalInfrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const processes: ManagedProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    let natsUrl = options.natsUrl;
    if (natsUrl && (await isNatsReachable(natsUrl))) {
      options.log(`NATS        ${natsUrl} (from NATS_URL)`);
    } else {
      if (natsUrl) options.log(`NATS_URL ${natsUrl} is not reachable; starting a local nats-server instead`);
      const nats = await startNatsServer({
        binary: ensureNatsServer(options.log),
        ...(options.natsStoreDir ? { storeDir: options.natsStoreDir } : {}),
        ...(options.preferredPorts ? { port: options.preferredPorts.nats } : {}),
      });
      stops.push(nats.stop);
      processes.push(nats.process);
      natsUrl = nats.url;
      options.log(`NATS        ${natsUrl} (nats-server -js)`);
    }

    let databaseUrl = options.databaseUrl;
    if (databaseUrl) {
      options.log('PostgreSQL  from DATABASE_URL');
    } else {
      options.log(`PostgreSQL  starting embedded PostgreSQL in ${options.postgresDataDir} …`);
      const postgres = await startEmbeddedPostgres(options.postgresDataDir, {
        ...(options.preferredPorts ? { port: options.preferredPorts.postgres } : {}),
        whenBusy: 'fail',
      });
      stops.push(postgres.stop);
      processes.push(postgres.process);
      databaseUrl = postgres.url;
      if (postgres.dataDir !== options.postgresDataDir)
        options.log(
          `PostgreSQL  data in ${postgres.dataDir} (run as root, it must be where the postgres user can reach it)`,
        );
    }
    return { natsUrl, databaseUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
