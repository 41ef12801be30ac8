import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import type { DataSource } from 'typeorm';
import { AUDIT_BATCH_MAX, AuditBatchWriter } from './audit-batch-writer';
import type { AuditRecord } from './audit-message';
import { toAuditRecord } from './audit-record';
import { PostgresAuditLogStore } from './postgres-audit-log.store';
import { openAuditDatabase, type AuditDatabase } from '../__tests__/audit-database';

let sequence = 0;

/** The record of a power command, as the ingest handler makes it from a stored message. */
function recordOf(id: string): AuditRecord {
  const storedAt = new Date();
  const envelope = {
    id,
    type: 'proxmox.guest.power.requested',
    source: 'mcp-edge',
    time: storedAt.toISOString(),
    correlationId: 'batch-spec',
    actor: { kind: 'agent', id: 'token:agent' },
    data: { vmid: 100, action: 'start' },
  };
  sequence += 1;
  return toAuditRecord({
    subject: 'cmd.proxmox.guest.power',
    stream: 'CMD',
    streamSequence: sequence,
    storedAt,
    headers: { 'Nats-Msg-Id': id },
    body: new TextEncoder().encode(JSON.stringify(envelope)),
  });
}

describe(AuditBatchWriter.name, () => {
  let database: AuditDatabase;
  let dataSource: DataSource;
  let store: PostgresAuditLogStore;
  let sut: AuditBatchWriter;

  const chain = async (): Promise<Array<{ message_id: string; chain_seq: number }>> =>
    dataSource.query('SELECT message_id, chain_seq::int FROM audit_messages ORDER BY chain_seq');

  beforeAll(async () => {
    database = await openAuditDatabase();
    dataSource = database.dataSource;
    store = new PostgresAuditLogStore(dataSource);
    sut = new AuditBatchWriter(store);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('should record a burst once per message, redeliveries included, in a chain without gaps', async () => {
    const earlier = recordOf(randomUUID());
    await sut.write(earlier);
    const burst = Array.from({ length: 1_200 }, () => recordOf(randomUUID()));
    // Redeliveries: of a message recorded before, and of one inside the same burst.
    const written = [...burst.slice(0, 600), earlier, burst[7] as AuditRecord, ...burst.slice(600)];

    await Promise.all(written.map((record) => sut.write(record)));

    const rows = await chain();
    expect(rows.map((row) => row.message_id).sort()).toEqual(
      [earlier, ...burst].map((record) => record.message_id).sort(),
    );
    expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
    expect(await store.checkChain()).toEqual({ rows: 1_201 });
  });

  it('should chain after what other writers appended, as a restarted or second replica does', async () => {
    const before = (await chain()).length;
    const replica = await openDataSource({ url: database.url, schema: 'audit', migrations: [] });
    try {
      const other = new AuditBatchWriter(new PostgresAuditLogStore(replica));
      const ours = Array.from({ length: 700 }, () => recordOf(randomUUID()));
      const theirs = Array.from({ length: 700 }, () => recordOf(randomUUID()));
      // Both write at once, and each also gets some of the other's messages, as after a redelivery.
      const both = [...ours.slice(0, 50), ...theirs.slice(0, 50)];

      await Promise.all([
        ...[...ours, ...both].map((record) => sut.write(record)),
        ...[...theirs, ...both].map((record) => other.write(record)),
      ]);

      const rows = await chain();
      expect(rows).toHaveLength(before + 1_400);
      expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
      expect((await store.checkChain()).firstBreak).toBeUndefined();
    } finally {
      await replica.destroy();
    }
  });

  it('should chain after the head another writer moved, without what that writer recorded', async () => {
    const replica = await openDataSource({ url: database.url, schema: 'audit', migrations: [] });
    try {
      const theirs = new PostgresAuditLogStore(replica);
      const shared = recordOf(randomUUID());
      const mine = recordOf(randomUUID());
      await store.append([recordOf(randomUUID())]);
      await theirs.append([recordOf(randomUUID()), shared]);

      // This store's head is stale and `shared` is recorded: refused once, then chained again.
      await store.append([shared, mine]);

      const rows = await chain();
      expect(rows.filter((row) => row.message_id === shared.message_id)).toHaveLength(1);
      expect(rows.at(-1)?.message_id).toBe(mine.message_id);
      expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
      expect((await store.checkChain()).firstBreak).toBeUndefined();
    } finally {
      await replica.destroy();
    }
  });

  it('should fail only the record the database refuses, and record the rest of its batch', async () => {
    const before = (await chain()).length;
    const good = Array.from({ length: 20 }, () => recordOf(randomUUID()));
    const bad = { ...recordOf(randomUUID()), subject: null } as unknown as AuditRecord;

    const results = await Promise.allSettled([...good, bad].map((record) => sut.write(record)));

    expect(results.slice(0, 20).every((result) => result.status === 'fulfilled')).toBe(true);
    expect(results[20]).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/"subject"/) }),
    });
    const rows = await chain();
    expect(rows).toHaveLength(before + 20);
    expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
    expect((await store.checkChain()).firstBreak).toBeUndefined();
  });

  it('should chain again records prepared after an append the database then refused', async () => {
    const before = (await chain()).length;
    const bad = { ...recordOf(randomUUID()), subject: null } as unknown as AuditRecord;
    const next = Array.from({ length: 3 }, () => recordOf(randomUUID()));

    const refused = store.append([bad]);
    store.prepare(next);
    await expect(refused).rejects.toThrow(/"subject"/);
    await store.append(next);

    const rows = await chain();
    expect(rows.slice(before).map((row) => row.message_id)).toEqual(next.map((record) => record.message_id));
    expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
    expect((await store.checkChain()).firstBreak).toBeUndefined();
  });

  it('should record the full batch gathered behind one the database refused', async () => {
    const before = (await chain()).length;
    const first = Array.from({ length: AUDIT_BATCH_MAX - 1 }, () => recordOf(randomUUID()));
    const bad = { ...recordOf(randomUUID()), subject: null } as unknown as AuditRecord;
    // Full while the first batch is written, so chained after where that batch would end.
    const second = Array.from({ length: AUDIT_BATCH_MAX }, () => recordOf(randomUUID()));

    const results = await Promise.allSettled([...first, bad, ...second].map((record) => sut.write(record)));

    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
    const rows = await chain();
    expect(rows.slice(before).map((row) => row.message_id)).toEqual(
      [...first, ...second].map((record) => record.message_id),
    );
    expect(rows.map((row) => row.chain_seq)).toEqual(rows.map((_, index) => index + 1));
    expect((await store.checkChain()).firstBreak).toBeUndefined();
  });
});
