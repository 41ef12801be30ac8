import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor, type Origin } from '@proxmox-mpc/contracts';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { pollUntil, startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { auditService } from '../audit.service';

const agent: Origin = { correlationId: 'anchor-spec', actor: { kind: 'agent', id: 'token:agent' } };
const operator: Origin = { correlationId: 'anchor-spec-verify', actor: { kind: 'operator', id: 'spec' } };

/**
 * The audit log's head kept outside the table: removing the newest rows, or rewriting the
 * chain with fresh hashes, passes the in-table check but not verification.
 */
describe('audit chain anchors', () => {
  let infrastructure: TestInfrastructure;
  let audit: InProcessService;
  let bus: MessageBus;
  let db: Client;

  const rowCount = async (): Promise<number> =>
    Number((await db.query('SELECT count(*) AS n FROM audit.audit_messages')).rows[0].n);
  const recordSome = async (count: number): Promise<void> => {
    const before = await rowCount();
    for (let index = 0; index < count; index += 1)
      await bus.publish(Subjects.proxmoxGuestPower, { vmid: 100 + index, action: 'start' }, agent);
    await pollUntil(rowCount, (rows) => rows >= before + count);
  };
  /** The next anchor, once the log has recorded its announcement too (nothing in flight). */
  const nextAnchor = async (): Promise<ChainAnchor> => {
    const { event } = await bus.expectEvent(Subjects.auditChainAnchored, () => true, 15_000);
    const anchor = (await event).data;
    await pollUntil(
      async () =>
        (
          await db.query(`SELECT 1 FROM audit.audit_messages WHERE subject = $1`, [
            Subjects.auditChainAnchored,
          ])
        ).rowCount,
      (rows) => rows === 1,
    );
    return anchor;
  };
  /** As someone who can switch the append-only triggers off would. */
  const tamper = async (sql: string): Promise<void> => {
    await db.query('ALTER TABLE audit.audit_messages DISABLE TRIGGER audit_append_only');
    try {
      await db.query(sql);
    } finally {
      await db.query('ALTER TABLE audit.audit_messages ENABLE TRIGGER audit_append_only');
    }
  };

  beforeEach(async () => {
    infrastructure = await startTestInfrastructure();
    audit = await startInProcessService(auditService, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      AUDIT_ANCHOR_INTERVAL_MS: '1000',
    });
    bus = await MessageBus.connect(
      { service: 'mcp-edge', natsUrl: infrastructure.natsUrl },
      createLogger({ service: 'spec', level: 'silent' }),
    );
    db = new Client({ connectionString: infrastructure.databaseUrl });
    await db.connect();
  });

  afterEach(async () => {
    await db?.end();
    await bus?.close();
    await audit?.stop();
    await infrastructure?.stop();
  });

  it('should anchor the head once the log grows, and verify against the anchor', async () => {
    const anchored = nextAnchor();
    await recordSome(3);
    const anchor = await anchored;
    const [head] = (
      await db.query('SELECT chain_seq, message_id, hash FROM audit.audit_messages WHERE chain_seq = $1', [
        anchor.chainSeq,
      ])
    ).rows;

    expect(anchor).toMatchObject({ messageId: head.message_id, hash: head.hash });
    expect(anchor.chainSeq).toBeGreaterThanOrEqual(3);
    const result = await bus.query(Subjects.auditVerify, {}, operator);
    expect(result.firstBroken).toBeUndefined();
    expect(result.anchor).toEqual(anchor);
  });

  it('should name the anchored row when the newest rows were deleted, and not anchor over the gap', async () => {
    await recordSome(3);
    const anchor = await nextAnchor();
    await tamper(`DELETE FROM audit.audit_messages WHERE chain_seq >= ${anchor.chainSeq - 1}`);

    const result = await bus.query(Subjects.auditVerify, {}, operator);

    expect(result.firstBroken).toEqual({
      chainSeq: anchor.chainSeq,
      messageId: anchor.messageId,
      reason: expect.stringMatching(
        /^it was removed: the anchor published at .* names it, but the log now ends at row #\d+$/,
      ),
    });
    // New rows go on from the last row ingest wrote, so the table itself shows the gap;
    // the anchorer refuses to anchor over it.
    await recordSome(5);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await bus.lastEvent(Subjects.auditChainAnchored))?.data).toEqual(anchor);
    const after = (await bus.query(Subjects.auditVerify, {}, operator)).firstBroken;
    expect(after).toMatchObject({ reason: 'a row before it is missing' });
    expect(after?.chainSeq).toBeGreaterThan(anchor.chainSeq);
  });

  it('should catch a chain rewritten with fresh hashes, which the in-table check passes', async () => {
    await recordSome(3);
    const anchor = await nextAnchor();
    await tamper(`
      DO $$
      DECLARE rec audit.audit_messages; previous text;
      BEGIN
        UPDATE audit.audit_messages SET actor_id = 'token:someone-else' WHERE chain_seq = 1;
        FOR rec IN SELECT * FROM audit.audit_messages ORDER BY chain_seq LOOP
          previous := audit.audit_chain_hash(previous, audit.audit_row_content(rec));
          UPDATE audit.audit_messages SET hash = previous WHERE message_id = rec.message_id;
        END LOOP;
      END $$`);

    const result = await bus.query(Subjects.auditVerify, {}, operator);

    expect(result.firstBroken).toEqual({
      chainSeq: anchor.chainSeq,
      messageId: anchor.messageId,
      reason: expect.stringMatching(/^its hash differs from the one anchored at .*: the log was rewritten$/),
    });
  });
});
