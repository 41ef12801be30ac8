import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { InMemoryAuditLogStore } from '../audit-log/in-memory-audit-log.store';
import { sampleRecord } from '../__tests__/sample-records';
import { AnchorAuditChainUseCase } from './anchor-audit-chain.use-case';
import { InMemoryChainAnchors } from './in-memory-chain-anchors';

describe(AnchorAuditChainUseCase.name, () => {
  let log: InMemoryAuditLogStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: AnchorAuditChainUseCase;

  const recordSome = (count: number, subject?: string) =>
    log.append(Array.from({ length: count }, () => sampleRecord(subject ? { subject } : {})));
  const anchors = () => outbox.dataOf(Subjects.auditChainAnchored);

  beforeEach(() => {
    log = new InMemoryAuditLogStore();
    outbox = new InMemoryEventOutbox('audit');
    clock = new FakeClock();
    sut = new AnchorAuditChainUseCase(
      log,
      new InMemoryChainAnchors(outbox),
      new InMemoryTransactions(),
      outbox,
      clock,
      'audit',
      createLogger({ service: 'audit', level: 'silent' }),
    );
  });

  it('should anchor nothing while the log is empty', async () => {
    expect(await sut.execute()).toBeUndefined();
    expect(anchors()).toEqual([]);
  });

  it("should publish the head of a log that grew, as the audit service's own", async () => {
    await recordSome(3);

    const anchor = await sut.execute();

    expect(anchor).toEqual({ ...(await log.head()), anchoredAt: clock.now().toISOString() });
    expect(anchors()).toEqual([anchor]);
    expect(outbox.added[0]?.envelope.actor).toEqual({ kind: 'service', id: 'audit' });
  });

  it('should not anchor again while only its own anchors were recorded since', async () => {
    await recordSome(3);
    await sut.execute();
    await recordSome(1, Subjects.auditChainAnchored);

    expect(await sut.execute()).toBeUndefined();
    expect(anchors()).toHaveLength(1);
  });

  it('should anchor again once other rows arrive', async () => {
    await recordSome(3);
    await sut.execute();
    await recordSome(2);

    expect(await sut.execute()).toMatchObject({ chainSeq: 5 });
  });

  it('should anchor an idle log again after a day, so its anchor stays in the stream', async () => {
    await recordSome(3);
    await sut.execute();
    clock.advance(24 * 3_600_000);

    expect(await sut.execute()).toMatchObject({ chainSeq: 3, anchoredAt: clock.now().toISOString() });
  });

  it('should never anchor over a row the last anchor names that was removed', async () => {
    await recordSome(3);
    await sut.execute();
    log.rows.splice(2);
    await recordSome(4);

    expect(await sut.execute()).toBeUndefined();
    expect(anchors()).toHaveLength(1);
  });

  it('should never anchor over a row the last anchor names whose hash changed', async () => {
    await recordSome(3);
    await sut.execute();
    (log.rows[2] as { hash: string }).hash = '0'.repeat(64);
    await recordSome(1);

    expect(await sut.execute()).toBeUndefined();
    expect(anchors()).toHaveLength(1);
  });
});
