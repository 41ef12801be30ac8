import { startEmbeddedPostgres } from './embedded-postgres';
import { preferredPort } from './free-port';
import { ensureNatsServer, isNatsReachable, startNatsServer } from './nats-server';

export interface LocalInfrastructure {
  natsUrl: string;
  /** Admin URL of the PostgreSQL server. */
  databaseUrl: string;
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
        ...(options.preferredPorts ? { port: await preferredPort(options.preferredPorts.nats) } : {}),
      });
      stops.push(nats.stop);
      natsUrl = nats.url;
      options.log(`NATS        ${natsUrl} (nats-server -js)`);
    }

    let databaseUrl = options.databaseUrl;
    if (databaseUrl) {
      options.log('PostgreSQL  from DATABASE_URL');
    } else {
      options.log(`PostgreSQL  starting embedded PostgreSQL in ${options.postgresDataDir} …`);
      const port = options.preferredPorts ? await preferredPort(options.preferredPorts.postgres) : undefined;
      const postgres = await startEmbeddedPostgres(options.postgresDataDir, port);
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
    }
    return { natsUrl, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
