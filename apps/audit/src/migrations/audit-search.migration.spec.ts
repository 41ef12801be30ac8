import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import { PostgresAuditLogStore } from '../audit-log/postgres-audit-log.store';
import { AuditMessages1732147300000 } from './1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './1732500000000-audit-hash-chain';
import { AuditSearch1732600000000 } from './1732600000000-audit-search';

/** Rows recorded before guests were searchable get their guest, and keep their place in the chain. */
describe(AuditSearch1732600000000.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should derive the guest of the rows already there without breaking their chain', async () => {
    const chained = [AuditMessages1732147300000, AuditHashChain1732500000000];
    const before = await openDataSource({ url: database.url, schema: 'audit', migrations: chained });
    const envelopes: Array<[string, string, unknown]> = [
      ['m-command', 'cmd.proxmox.guest.power', { data: { vmid: 100, action: 'start' } }],
      ['m-tool', 'evt.mcp.tool.called', { data: { tool: 'get_guest', arguments: { guest: 'pve2/web-01' } } }],
      ['m-tool-vmid', 'evt.mcp.tool.called', { data: { tool: 'get_guest', arguments: { guest: 101 } } }],
      ['m-hostile', 'evt.x', { data: { vmid: '1e999', node: 7, guest: 'a'.repeat(5_000) } }],
      ['m-not-json', 'evt.x', null],
    ];
    for (const [index, [id, subject, envelope]] of envelopes.entries()) {
      await before.query(
        `INSERT INTO audit_messages (message_id, stream, stream_sequence, subject, stored_at, valid, headers, envelope)
         VALUES ($1, 'EVT', $2, $3, now(), true, '{}', $4)`,
        [id, index + 1, subject, envelope === null ? null : JSON.stringify(envelope)],
      );
    }
    await before.destroy();

    const after = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [...chained, AuditSearch1732600000000],
    });
    try {
      const rows: Array<{
        message_id: string;
        vmid: string | null;
        node: string | null;
        name: string | null;
      }> = await after.query(
        `SELECT message_id, guest_vmid AS vmid, guest_node AS node, length(guest_name) AS name
             FROM audit_messages ORDER BY chain_seq`,
      );
      expect(rows).toEqual([
        { message_id: 'm-command', vmid: '100', node: null, name: null },
        { message_id: 'm-tool', vmid: null, node: 'pve2', name: 6 },
        { message_id: 'm-tool-vmid', vmid: '101', node: null, name: null },
        { message_id: 'm-hostile', vmid: null, node: null, name: 128 },
        { message_id: 'm-not-json', vmid: null, node: null, name: null },
      ]);
      expect(await new PostgresAuditLogStore(after).checkChain()).toEqual({ rows: 5 });
    } finally {
      await after.destroy();
    }
  });
});
