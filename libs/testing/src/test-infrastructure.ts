import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from './nats-server';
import { createTestDatabase } from './test-database';

export interface TestInfrastructure {
  natsUrl: string;
  /** A database of its own for this test file. */
  databaseUrl: string;
  stop(): Promise<void>;
}

const STREAMS = ['CMD', 'EVT'];

/**
 * NATS and PostgreSQL for one test file. Without NATS_URL the file gets its own
 * nats-server, so files can run in parallel; with NATS_URL the server is shared, Jest
 * runs files one at a time, and the streams are deleted first so no file sees
 * another's messages.
 */
export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl)
    throw new Error('DATABASE_URL is not set: run tests through Jest, whose global setup provides it');
  const database = await createTestDatabase(adminUrl);
  const sharedNats = process.env.NATS_URL;
  if (sharedNats) {
    await deleteStreams(sharedNats);
    return { natsUrl: sharedNats, databaseUrl: database.url, stop: () => database.drop() };
  }
  const nats = await startNatsServer();
  return {
    natsUrl: nats.url,
    databaseUrl: database.url,
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
