import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer, type RunningNats } from './nats-server';
import { createTestDatabase } from './test-database';

export interface TestInfrastructure {
  natsUrl: string;
  /** A database of its own for this test file. */
  databaseUrl: string;
  /** The file's own nats-server (absent on a shared NATS_URL), to stop and restart in outage tests. */
  nats?: RunningNats;
  stop(): Promise<void>;
}

const STREAMS = ['CMD', 'EVT', 'LOG'];

// Whether an infrastructure of this test file is using the shared NATS_URL server now
// (Jest gives every file its own module registry, so this is per file).
let sharedNatsInUse = false;

/**
 * NATS and PostgreSQL for one test file. Without NATS_URL the file gets its own
 * nats-server, so files can run in parallel. With NATS_URL the server is shared, Jest
 * runs files one at a time, and the streams are deleted first so no file sees another's
 * messages; a second infrastructure the same file starts meanwhile (a differently
 * configured agent beside the first) gets a nats-server of its own, since two
 * platforms on one server would share their consumers and take each other's commands.
 */
export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl)
    throw new Error('DATABASE_URL is not set: run tests through Jest, whose global setup provides it');
  const database = await createTestDatabase(adminUrl);
  const sharedNats = process.env.NATS_URL;
  if (sharedNats && !sharedNatsInUse) {
    sharedNatsInUse = true;
    await deleteStreams(sharedNats);
    return {
      natsUrl: sharedNats,
      databaseUrl: database.url,
      async stop() {
        sharedNatsInUse = false;
        await database.drop();
      },
    };
  }
  const nats = await startNatsServer();
  return {
    natsUrl: nats.url,
    databaseUrl: database.url,
    nats,
    async stop() {
      await nats.stop();
      await database.drop();
    },
  };
}

async function deleteStreams(url: string): Promise<void> {
  const connection = await connect({ servers: url });
  try {
    const manager = await jetstreamManager(connection);
    for (const stream of STREAMS) await manager.streams.delete(stream).catch(() => false);
  } finally {
    await connection.close();
  }
}
