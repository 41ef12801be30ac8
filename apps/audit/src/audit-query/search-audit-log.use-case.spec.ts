import { Subjects } from '@proxmox-mpc/contracts';
import type { AuditMessage, AuditRecord } from '../audit-log/audit-message';
import { InMemoryAuditLogStore } from '../audit-log/in-memory-audit-log.store';
import { sampleRecord } from '../__tests__/sample-records';
import { SearchAuditLogUseCase } from './search-audit-log.use-case';

const JAEGER_URL = 'http://jaeger.example:16686';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

describe(SearchAuditLogUseCase.name, () => {
  let log: InMemoryAuditLogStore;
  let sut: SearchAuditLogUseCase;

  /** Records in this order, each a second after the one before. */
  const record = (...records: Array<Partial<AuditRecord>>) =>
    log.append(records.map((overrides, index) => sampleRecord({ stored_at: at(index), ...overrides })));
  const idsOf = (result: { rows: Array<{ messageId: string }> }) => result.rows.map((row) => row.messageId);

  beforeEach(() => {
    log = new InMemoryAuditLogStore();
    sut = new SearchAuditLogUseCase(log, { JAEGER_URL });
  });

  it("should return one user action's rows in recording order", async () => {
    await record(
      { message_id: 'alice-1', correlation_id: 'alice' },
      { message_id: 'bob-1', correlation_id: 'bob' },
      { message_id: 'alice-2', correlation_id: 'alice' },
    );

    expect(idsOf(await sut.execute({ correlationId: 'alice' }))).toEqual(['alice-1', 'alice-2']);
  });

  it('should filter by actor', async () => {
    await record({ message_id: 'a', actor_id: 'token:alice' }, { message_id: 'b', actor_id: 'token:bob' });

    expect(idsOf(await sut.execute({ actorId: 'token:bob' }))).toEqual(['b']);
  });

  it('should filter by type, by subject, or by subject prefix', async () => {
    await record(
      { message_id: 'command', subject: 'cmd.proxmox.guest.power', type: 'proxmox.guest.power.requested' },
      {
        message_id: 'event',
        subject: 'evt.proxmox.operation.completed',
        type: 'proxmox.operation.completed',
      },
      { message_id: 'lookalike', subject: 'evt.proxmoxish.thing', type: null },
    );

    expect(idsOf(await sut.execute({ type: 'proxmox.guest.power.requested' }))).toEqual(['command']);
    expect(idsOf(await sut.execute({ type: 'evt.proxmox.operation.completed' }))).toEqual(['event']);
    expect(idsOf(await sut.execute({ type: 'evt.proxmox' }))).toEqual(['event']);
  });

  it('should filter by the guest a row is about', async () => {
    await record({ message_id: 'web' }, { message_id: 'db' });
    // PostgreSQL derives these from the envelope; the in-memory log leaves them to the test.
    const [web, db] = log.rows as [AuditMessage, AuditMessage];
    Object.assign(web, { guest_refs: [{ vmid: 101, node: 'pve1', name: 'web-01' }] });
    Object.assign(db, { guest_refs: [{ vmid: 102, node: 'pve1', name: 'db-01' }] });

    expect(idsOf(await sut.execute({ guest: { vmid: 101 } }))).toEqual(['web']);
    expect(idsOf(await sut.execute({ guest: { node: 'pve1', name: 'db-01' } }))).toEqual(['db']);
    expect((await sut.execute({ guest: { vmid: 101 } })).rows[0]?.guest).toEqual({
      vmid: 101,
      node: 'pve1',
      name: 'web-01',
    });
  });

  it('should split a time range at its bounds: from inclusive, to exclusive', async () => {
    await record({ message_id: 'first' }, { message_id: 'second' }, { message_id: 'third' });
    const middle = at(1).toISOString();

    expect(idsOf(await sut.execute({ from: middle }))).toEqual(['second', 'third']);
    expect(idsOf(await sut.execute({ to: middle }))).toEqual(['first']);
  });

  it('should page with a cursor until the last page, which has none', async () => {
    await record(...Array.from({ length: 5 }, (_, index) => ({ message_id: `m${index}` })));

    const first = await sut.execute({ limit: 2 });
    const second = await sut.execute({ limit: 2, cursor: first.nextCursor as string });
    const last = await sut.execute({ limit: 2, cursor: second.nextCursor as string });

    expect([first, second, last].map(idsOf)).toEqual([['m0', 'm1'], ['m2', 'm3'], ['m4']]);
    expect([first.nextCursor, second.nextCursor, last.nextCursor]).toEqual(['2', '4', undefined]);
  });

  it('should end a page early rather than pass what one reply can carry, and carry on from there', async () => {
    await record(
      ...Array.from({ length: 4 }, (_, index) => ({ message_id: `big${index}`, body: 'x'.repeat(300_000) })),
    );

    const page = await sut.execute({ limit: 10 });

    expect(idsOf(page)).toEqual(['big0', 'big1']);
    expect(idsOf(await sut.execute({ limit: 10, cursor: page.nextCursor as string }))).toEqual([
      'big2',
      'big3',
    ]);
  });

  it("should give a tool call's outcome, duration and trace", async () => {
    await record({
      subject: Subjects.mcpToolCalled,
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
      envelope: { data: { tool: 'power_guest', outcome: 'error', durationMs: 12.5 } },
    });

    expect((await sut.execute({})).rows[0]).toMatchObject({
      outcome: 'error',
      durationMs: 12.5,
      traceId: TRACE_ID,
    });
  });

  it("should link a user action's trace in Jaeger, from the first row that carries one", async () => {
    await record(
      { correlation_id: 'traced' },
      { correlation_id: 'traced', headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` } },
    );

    expect((await sut.execute({ correlationId: 'traced' })).jaegerUrl).toBe(
      `${JAEGER_URL}/trace/${TRACE_ID}`,
    );
    expect((await sut.execute({ actorId: 'token:agent' })).jaegerUrl).toBeUndefined();
  });

  it('should link no trace when Jaeger is not configured', async () => {
    await record({
      correlation_id: 'traced',
      headers: { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
    });
    sut = new SearchAuditLogUseCase(log, {});

    expect((await sut.execute({ correlationId: 'traced' })).jaegerUrl).toBeUndefined();
  });
});
