import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects, type ChainAnchor, type Origin } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import type { AuditMessage } from '../audit-log/audit-message';
import { InMemoryAuditLogStore } from '../audit-log/in-memory-audit-log.store';
import { sampleRecord } from '../__tests__/sample-records';
import { InMemoryChainAnchors } from './in-memory-chain-anchors';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

const operator: Origin = { correlationId: 'verify-spec', actor: { kind: 'operator', id: 'spec' } };
const service: Origin = { correlationId: 'anchoring', actor: { kind: 'service', id: 'audit' } };
const ANCHORED_AT = '2026-01-01T00:05:00.000Z';

describe(VerifyAuditChainUseCase.name, () => {
  let log: InMemoryAuditLogStore;
  let outbox: InMemoryEventOutbox;
  let sut: VerifyAuditChainUseCase;

  const row = (chainSeq: number) =>
    log.rows.find((entry) => entry.chain_seq === String(chainSeq)) as AuditMessage;
  /** Publishes the log's row `chainSeq` as the newest anchor. */
  const anchorAt = async (chainSeq: number): Promise<ChainAnchor> => {
    const { message_id: messageId, hash } = row(chainSeq);
    const anchor = { chainSeq, messageId, hash, anchoredAt: ANCHORED_AT };
    await outbox.add({}, Subjects.auditChainAnchored, anchor, service);
    return anchor;
  };

  beforeEach(async () => {
    log = new InMemoryAuditLogStore();
    outbox = new InMemoryEventOutbox('audit');
    sut = new VerifyAuditChainUseCase(
      log,
      new InMemoryChainAnchors(outbox),
      new InMemoryTransactions(),
      outbox,
    );
    await log.append(Array.from({ length: 5 }, () => sampleRecord()));
  });

  it('should find a whole chain whole, and say which anchor it was checked against', async () => {
    const anchor = await anchorAt(4);

    expect(await sut.execute({ origin: operator })).toEqual({ rows: 5, anchor });
  });

  it('should name the first row whose content was altered', async () => {
    row(2).actor_id = 'token:someone-else';

    expect((await sut.execute({ origin: operator })).firstBroken).toEqual({
      chainSeq: 2,
      messageId: row(2).message_id,
      reason: 'its hash does not match its content and the row before it',
    });
  });

  it('should name the row after one that was removed', async () => {
    log.rows.splice(2, 1);

    expect((await sut.execute({ origin: operator })).firstBroken).toEqual({
      chainSeq: 4,
      messageId: row(4).message_id,
      reason: 'a row before it is missing',
    });
  });

  it('should name the anchored row when the newest rows were removed', async () => {
    const anchor = await anchorAt(4);
    log.rows.splice(3);

    expect((await sut.execute({ origin: operator })).firstBroken).toEqual({
      chainSeq: 4,
      messageId: anchor.messageId,
      reason: `it was removed: the anchor published at ${ANCHORED_AT} names it, but the log now ends at row #3`,
    });
  });

  it('should name the anchored row when the chain was rewritten with fresh hashes', async () => {
    const anchor = await anchorAt(4);
    const rewritten = new InMemoryAuditLogStore();
    await rewritten.append(log.rows.map((entry) => ({ ...sampleRecord(), message_id: entry.message_id })));
    log.rows.splice(0, log.rows.length, ...rewritten.rows);

    expect((await sut.execute({ origin: operator })).firstBroken).toEqual({
      chainSeq: 4,
      messageId: anchor.messageId,
      reason: `its hash differs from the one anchored at ${ANCHORED_AT}: the log was rewritten`,
    });
  });

  it('should announce the result for the user action that asked', async () => {
    const result = await sut.execute({ origin: operator });

    expect(outbox.dataOf(Subjects.auditChainVerified)).toEqual([result]);
    expect(outbox.added.at(-1)?.envelope).toMatchObject({
      correlationId: 'verify-spec',
      actor: operator.actor,
    });
  });
});
