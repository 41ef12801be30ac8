import { openDataSource } from '@proxmox-mpc/persistence';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { AuditRecord } from '../audit-log/audit-message';
import { PostgresAuditLogStore } from '../audit-log/postgres-audit-log.store';
import { AuditMessages1732147300000 } from './1732147300000-audit-messages';
import { AuditHashChain1732500000000 } from './1732500000000-audit-hash-chain';
import { AuditSearch1732600000000 } from './1732600000000-audit-search';
import { AuditChainInBatches1732700000000 } from './1732700000000-audit-chain-in-batches';
import { AuditGuestRefs1732800000000 } from './1732800000000-audit-guest-refs';

/** A row as ingest writes it, with only what the guest columns are derived from. */
const recordOf = (
  messageId: string,
  streamSequence: number,
  subject: string,
  envelope: unknown,
): AuditRecord => ({
  message_id: messageId,
  stream: 'EVT',
  stream_sequence: streamSequence,
  subject,
  type: null,
  source: null,
  correlation_id: null,
  causation_id: null,
  actor_kind: null,
  actor_id: null,
  target: null,
  occurred_at: null,
  stored_at: new Date(),
  valid: true,
  problems: null,
  headers: {},
  envelope,
  body: null,
});

const BEFORE = [
  AuditMessages1732147300000,
  AuditHashChain1732500000000,
  AuditSearch1732600000000,
  AuditChainInBatches1732700000000,
];

/** Rows recorded with one guest column each keep their guest, now as the list of guests they name. */
describe(AuditGuestRefs1732800000000.name, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL as string);
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should list the guests of the rows already there and of new ones without breaking the chain, and be undone', async () => {
    const before = await openDataSource({ url: database.url, schema: 'audit', migrations: BEFORE });
    const envelopes: Array<[string, string, unknown]> = [
      ['m-command', 'cmd.proxmox.guest.power', { data: { vmid: 100, action: 'start' } }],
      ['m-tool', 'evt.mcp.tool.called', { data: { tool: 'get_guest', arguments: { guest: 'pve2/web-01' } } }],
      [
        'm-one-guest',
        'evt.proxmox.inventory.guest.created',
        { data: { target: 'homelab', guest: { vmid: 101, node: 'pve1', name: 'db-01' } } },
      ],
      ['m-no-guest', 'evt.proxmox.inventory.synced', { data: { target: 'homelab', guests: 3 } }],
      ['m-not-json', 'evt.x', null],
    ];
    try {
      const store = new PostgresAuditLogStore(before);
      await store.append(
        envelopes.map(([id, subject, envelope], index) => recordOf(id, index + 1, subject, envelope)),
      );
    } finally {
      await before.destroy();
    }

    const after = await openDataSource({
      url: database.url,
      schema: 'audit',
      migrations: [...BEFORE, AuditGuestRefs1732800000000],
    });
    try {
      const store = new PostgresAuditLogStore(after);
      await store.append([
        recordOf('m-many', 6, 'evt.proxmox.inventory.guests.updated', {
          data: {
            target: 'homelab',
            guests: [
              { guest: { vmid: 102, node: 'pve1', name: 'web-02' }, changes: [] },
              { vmid: 103, node: 'pve2', type: 'lxc', name: 'gone-03' },
              'not a guest',
            ],
          },
        }),
      ]);
      const rows: Array<{ message_id: string; guest_refs: unknown }> = await after.query(
        `SELECT message_id, guest_refs FROM audit_messages ORDER BY chain_seq`,
      );
      expect(rows).toEqual([
        { message_id: 'm-command', guest_refs: [{ vmid: 100 }] },
        { message_id: 'm-tool', guest_refs: [{ node: 'pve2', name: 'web-01' }] },
        { message_id: 'm-one-guest', guest_refs: [{ vmid: 101, node: 'pve1', name: 'db-01' }] },
        { message_id: 'm-no-guest', guest_refs: null },
        { message_id: 'm-not-json', guest_refs: null },
        {
          message_id: 'm-many',
          guest_refs: [
            { vmid: 102, node: 'pve1', name: 'web-02' },
            { vmid: 103, node: 'pve2', name: 'gone-03' },
          ],
        },
      ]);
      const named: Array<{ message_id: string }> = await after.query(
        `SELECT message_id FROM audit_messages WHERE guest_refs @> '[{"node": "pve1"}]' ORDER BY chain_seq`,
      );
      expect(named.map((row) => row.message_id)).toEqual(['m-one-guest', 'm-many']);
      expect(await store.checkChain()).toEqual({ rows: 6 });

      await after.undoLastMigration();
      const undone: Array<{ message_id: string; vmid: string | null; name: string | null }> =
        await after.query(
          `SELECT message_id, guest_vmid AS vmid, guest_name AS name FROM audit_messages WHERE guest_vmid IS NOT NULL ORDER BY chain_seq`,
        );
      expect(undone).toEqual([
        { message_id: 'm-command', vmid: '100', name: null },
        { message_id: 'm-one-guest', vmid: '101', name: 'db-01' },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
