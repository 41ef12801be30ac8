import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import { PostgresAuditLogStore } from '../audit-log/postgres-audit-log.store';
import { AuditMessages1732147300000 } from './1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './1732500000000-audit-hash-chain';

/** An audit log recorded before the chain existed is chained, in recording order, by the migration. */
describe(AuditHashChain1732500000000.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should chain the rows already there, oldest first, and keep chaining new ones', async () => {
    const before = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [AuditMessages1732147300000],
    });
    for (const [index, id] of ['m-a', 'm-b', 'm-c'].entries()) {
      await before.query(
        `INSERT INTO audit_messages (message_id, stream, stream_sequence, subject, stored_at, recorded_at, valid, headers)
         VALUES ($1, 'EVT', $2, 'evt.x', now(), now() - make_interval(secs => $3), true, '{}')`,
        [id, index + 1, 10 - index],
      );
    }
    await before.destroy();

    const after = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [AuditMessages1732147300000, AuditHashChain1732500000000],
    });
    try {
      const rows: Array<{ message_id: string; chain_seq: string }> = await after.query(
        'SELECT message_id, chain_seq FROM audit_messages ORDER BY chain_seq',
      );
      expect(rows.map((row) => [row.message_id, Number(row.chain_seq)])).toEqual([
        ['m-a', 1],
        ['m-b', 2],
        ['m-c', 3],
      ]);
      await after.query(
        `INSERT INTO audit_messages (message_id, stream, stream_sequence, subject, stored_at, valid, headers)
         VALUES ('m-d', 'EVT', 4, 'evt.x', now(), true, '{}')`,
      );
      expect(await new PostgresAuditLogStore(after).checkChain()).toEqual({ rows: 4 });
    } finally {
      await after.destroy();
    }
  });
});
