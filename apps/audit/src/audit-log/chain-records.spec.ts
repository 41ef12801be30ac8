import { randomUUID } from 'node:crypto';
import { openDataSource } from '@proxmox-mpc/persistence';
import type { DataSource } from 'typeorm';
import type { AuditRecord } from './audit-message';
import { toAuditRecord } from './audit-record';
import { chainRecords } from './chain-records';
import { PostgresAuditLogStore } from './postgres-audit-log.store';
import { openAuditDatabase, type AuditDatabase } from '../__tests__/audit-database';

let sequence = 0;

/** The record ingest makes of `body` stored on `subject`, as JetStream gave it. */
function recordOf(body: string, headers: Record<string, string> = {}, storedAt = new Date()): AuditRecord {
  sequence += 1;
  return toAuditRecord({
    subject: 'evt.mcp.tool.called',
    stream: 'EVT',
    streamSequence: sequence,
    storedAt,
    headers: { 'Nats-Msg-Id': randomUUID(), ...headers },
    body: new TextEncoder().encode(body),
  });
}

/** A valid tool-call envelope, with `data` and `time` as given. */
function envelope(data: unknown, time = new Date().toISOString()): string {
  return JSON.stringify({
    id: randomUUID(),
    type: 'mcp.tool.called',
    source: 'mcp-edge',
    time,
    correlationId: 'chain-spec',
    actor: { kind: 'agent', id: 'token:agent' },
    data,
  });
}

/**
 * The hashes ingest computes in memory must be the ones PostgreSQL recomputes with
 * `audit_row_content` and `audit_chain_hash` when the chain is verified, for whatever a
 * message holds: what jsonb prints differently from JSON.stringify is here.
 */
describe(chainRecords.name, () => {
  let database: AuditDatabase;
  let dataSource: DataSource;
  let store: PostgresAuditLogStore;

  beforeAll(async () => {
    database = await openAuditDatabase();
    dataSource = database.dataSource;
    store = new PostgresAuditLogStore(dataSource);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('should hash every row as PostgreSQL recomputes it, whatever the message holds', async () => {
    const records = [
      recordOf(
        envelope({
          tool: 'create_guest',
          transport: 'http',
          outcome: 'ok',
          durationMs: 12,
          arguments: {
            '10': 'integer-like keys go by length in jsonb, not first',
            '2': 1e21,
            a: 1.5e-7,
            '': -0,
            é: 5e-324,
            日本: 1.7976931348623157e308,
            '😀': 123456789012345680000,
            zz: [0.1, -42, true, false, null, [], {}, [[]]],
            quoted: 'quote " backslash \\ slash / tab \t newline \n \u0001 \u001f \u007f \u2028 é 😀',
            nested: { b: { c: [{ z: 1, y: 2, xx: 3 }] } },
          },
        }),
        { 'X-Odd-Header': 'value with "quotes" and \\ and é' },
      ),
      // Invalid for its contract, so kept as it came: a time with an offset and microseconds.
      recordOf(envelope({ anything: 'goes' }, '2026-03-01T12:34:56.789123+05:30')),
      recordOf(
        envelope({ tool: 'get_guest', transport: 'http', outcome: 'ok', durationMs: 1, arguments: {} }),
        {},
        new Date(Date.UTC(2026, 0, 1)),
      ),
      recordOf('not JSON: \u0001 "text" \\ é'),
      recordOf('"a JSON string, not an envelope"'),
      recordOf('[1, 2e-9, {"b": null, "a": "x"}]'),
    ];

    await store.append(records);

    expect(await store.checkChain()).toEqual({ rows: records.length });
  });

  it('should hash the same for a session in any time zone', async () => {
    await store.append([recordOf(envelope({ at: 'any zone' }, '2026-07-01T23:59:59.5-09:30'))]);
    await dataSource.query(
      `ALTER DATABASE ${new URL(database.url).pathname.slice(1)} SET timezone TO 'Pacific/Chatham'`,
    );
    const elsewhere = await openDataSource({ url: database.url, schema: 'audit', migrations: [] });
    try {
      expect(await elsewhere.query(`SELECT current_setting('TimeZone') AS zone`)).toEqual([
        { zone: 'Pacific/Chatham' },
      ]);
      expect((await new PostgresAuditLogStore(elsewhere).checkChain()).firstBreak).toBeUndefined();
    } finally {
      await elsewhere.destroy();
    }
  });

  it('should give a message recorded before, or twice in the records, no place', () => {
    const [first, second] = [recordOf(envelope({})), recordOf(envelope({}))] as [AuditRecord, AuditRecord];

    const chained = chainRecords(
      { chainSeq: 41, messageId: 'm-41', hash: 'h' },
      [first, second, first],
      [second.message_id],
    );

    expect(chained.map((row) => [row.message_id, row.chain_seq])).toEqual([[first.message_id, 42]]);
  });
});
