import { Subjects } from '@proxmox-mpc/contracts';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  createTestDatabase,
  startTestInfrastructure,
  type TestDatabase,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { MessageBus } from '../message-bus';
import { BusOutboxUncompressed1796688000000 } from './bus-outbox-uncompressed.migration';
import { BUS_MIGRATIONS } from './bus-tables.migration';
import { Outbox } from './outbox';

/** How the outbox stores a large, very compressible event, before and after the migration. */
describe(BusOutboxUncompressed1796688000000.name, () => {
  let infrastructure: TestInfrastructure;
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: MessageBus;
  const logger = createLogger({ service: 'outbox-storage-spec', level: 'silent' });

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    database = await createTestDatabase(infrastructure.databaseUrl);
    dataSource = await openDataSource({
      url: database.url,
      schema: 'outbox_storage',
      migrations: BUS_MIGRATIONS,
    });
    bus = await MessageBus.connect(
      { service: 'outbox-storage-spec', natsUrl: infrastructure.natsUrl },
      logger,
    );
  });

  afterAll(async () => {
    await bus?.close();
    await dataSource?.destroy();
    await database?.drop();
    await infrastructure?.stop();
  });

  /** Stores one 200 KB event and says how PostgreSQL compressed it (null: not at all). */
  const storedCompression = async () => {
    const envelope = bus.envelope(
      Subjects.mcpToolCalled,
      {
        tool: 't',
        transport: 'http',
        arguments: { blob: 'x'.repeat(200_000) },
        outcome: 'ok',
        durationMs: 1,
      },
      { correlationId: 'outbox-storage', actor: { kind: 'service', id: 'spec' } },
    );
    await dataSource.transaction((manager) =>
      new Outbox(dataSource, bus, logger).enqueue(manager, Subjects.mcpToolCalled, envelope),
    );
    const [row] = await dataSource.query<Array<{ compression: string | null }>>(
      `SELECT pg_column_compression(envelope) AS compression FROM outbox_storage.bus_outbox WHERE message_id = $1`,
      [envelope.id],
    );
    return row?.compression;
  };

  it('should store envelopes uncompressed', async () => {
    expect(await storedCompression()).toBeNull();
  });

  it('should compress them again when undone', async () => {
    await dataSource.undoLastMigration();

    expect(await storedCompression()).not.toBeNull();
  });
});
