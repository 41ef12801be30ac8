import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import { toAuditRecord } from '../audit-log/audit-record';
import { PostgresAuditLogStore } from '../audit-log/postgres-audit-log.store';
import { AuditMessages1732147300000 } from './1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './1732500000000-audit-hash-chain';
import { AuditSearch1732600000000 } from './1732600000000-audit-search';
import { AuditChainInBatches1732700000000 } from './1732700000000-audit-chain-in-batches';

const BEFORE = [AuditMessages1732147300000, AuditHashChain1732500000000, AuditSearch1732600000000];

/** Inserted as ingest did before this migration: the trigger chains each row. */
async function insertChainedByTrigger(url: string, ids: string[]): Promise<void> {
  const before = await openDataSource({ url, schema: 'audit', migrations: BEFORE });
  try {
    for (const [index, id] of ids.entries()) {
      await before.query(
        `INSERT INTO audit_messages (message_id, stream, stream_sequence, subject, occurred_at, stored_at, valid, headers, envelope)
         VALUES ($1, 'EVT', $2, 'evt.x', now() - interval '1 hour', now(), true, '{"Nats-Msg-Id": "x"}', '{"data": {"vmid": 1.5e-7}}')`,
        [id, index + 1],
      );
    }
  } finally {
    await before.destroy();
  }
}

/** A log chained by the trigger goes on being chained, in batches, by ingest. */
describe(AuditChainInBatches1732700000000.name, () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
  });

  afterEach(async () => {
    await database?.drop();
  });

  it('should continue the chain the trigger made, one that verifies from its first row', async () => {
    await insertChainedByTrigger(database.url, ['m-a', 'm-b']);

    const after = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [...BEFORE, AuditChainInBatches1732700000000],
    });
    try {
      const store = new PostgresAuditLogStore(after);
      await store.append([
        toAuditRecord({
          subject: 'evt.x',
          stream: 'EVT',
          streamSequence: 3,
          storedAt: new Date(),
          headers: { 'Nats-Msg-Id': randomUUID() },
          body: new TextEncoder().encode('{"after": "the migration"}'),
        }),
      ]);
      expect(await store.checkChain()).toEqual({ rows: 3 });
      expect((await store.head())?.chainSeq).toBe(3);
    } finally {
      await after.destroy();
    }
  });

  it('should put the chaining trigger back when rolled back', async () => {
    await insertChainedByTrigger(database.url, ['m-a']);
    const after = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [...BEFORE, AuditChainInBatches1732700000000],
    });
    try {
      await after.undoLastMigration();
    } finally {
      await after.destroy();
    }

    await insertChainedByTrigger(database.url, ['m-b']);
    const rolledBack = await openDataSource({ url: database.url, schema: 'audit', migrations: BEFORE });
    try {
      const rows: Array<{ chain_seq: string }> = await rolledBack.query(
        `SELECT chain_seq FROM audit_messages ORDER BY chain_seq`,
      );
      expect(rows.map((row) => Number(row.chain_seq))).toEqual([1, 2]);
      expect(await new PostgresAuditLogStore(rolledBack).checkChain()).toEqual({ rows: 2 });
    } finally {
      await rolledBack.destroy();
    }
  });

  it('should refuse a log chained with times printed at another offset than UTC', async () => {
    const name = new URL(database.url).pathname.slice(1);
    const admin = await openDataSource({ url: database.url, schema: 'audit', migrations: [] });
    await admin.query(`ALTER DATABASE ${name} SET timezone TO 'Europe/Berlin'`);
    await admin.destroy();
    await insertChainedByTrigger(database.url, ['m-a']);

    await expect(
      openDataSource({
        url: database.url,
        schema: 'audit',
        migrations: [...BEFORE, AuditChainInBatches1732700000000],
      }),
    ).rejects.toThrow(/chained with times printed in time zone Europe\/Berlin/);
  });
});
