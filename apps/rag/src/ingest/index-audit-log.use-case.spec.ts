import type { AuditEntry } from '@proxmox-mpc/contracts';
import { loadConfig } from '@proxmox-mpc/service-runtime';
import { knowledgeParts } from '../__tests__/knowledge-fixture';
import { RagConfigSchema } from '../config';
import { IndexAuditLogUseCase } from './index-audit-log.use-case';

function entry(chainSeq: number, subject: string, storedAt: string, data: unknown): AuditEntry {
  return {
    chainSeq,
    messageId: `m${chainSeq}`,
    subject,
    type: subject.replace(/^(cmd|evt)\./, ''),
    source: 'mcp-edge',
    correlationId: `c${chainSeq}`,
    causationId: null,
    actor: { kind: 'agent', id: 'token:agent' },
    target: 'homelab',
    guest: { vmid: 100, node: 'pve1', name: 'web-01' },
    occurredAt: storedAt,
    storedAt,
    valid: true,
    problems: null,
    data,
  };
}

describe(IndexAuditLogUseCase.name, () => {
  function parts() {
    const all = knowledgeParts();
    const config = loadConfig(RagConfigSchema, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://rag@127.0.0.1/mpc',
      RAG_AUDIT_RETENTION_DAYS: '30',
    });
    return { ...all, sut: new IndexAuditLogUseCase(all.feeds, all.store, all.indexer, all.clock, config) };
  }

  it('should index the actions among new records, cited by their place in the chain', async () => {
    const { sut, feeds, store, clock } = parts();
    const now = clock.now().toISOString();
    feeds.audit.push(
      entry(1, 'evt.proxmox.inventory.guests.updated', now, { target: 'homelab' }),
      entry(2, 'evt.mcp.tool.called', now, {
        tool: 'power_guest',
        outcome: 'error',
        error: { message: 'VM 100 already running' },
      }),
    );

    expect(await sut.execute()).toBe(1);

    const [chunk] = store.rows.values();
    expect(chunk).toMatchObject({ citation: 'audit:2', kind: 'audit', actor: 'token:agent', vmid: 100 });
    expect(chunk?.body).toContain('VM 100 already running');
    expect(await store.auditCursor()).toBe(2);
  });

  it('should leave out read-only tool calls that succeeded, and keep the ones that failed', async () => {
    const { sut, feeds, store, clock } = parts();
    const now = clock.now().toISOString();
    const read = { tool: 'list_guests', transport: 'http', arguments: {}, durationMs: 3, readOnly: true };
    feeds.audit.push(
      entry(1, 'evt.mcp.tool.called', now, { ...read, outcome: 'ok' }),
      entry(2, 'evt.mcp.tool.called', now, {
        ...read,
        outcome: 'error',
        error: { code: 'UPSTREAM_UNAVAILABLE', message: 'cluster homelab unreachable' },
      }),
      entry(3, 'evt.mcp.tool.called', now, { ...read, readOnly: false, tool: 'power_guest', outcome: 'ok' }),
    );

    expect(await sut.execute()).toBe(2);

    expect([...store.rows.values()].map((chunk) => chunk.citation).sort()).toEqual(['audit:2', 'audit:3']);
    expect(await store.auditCursor()).toBe(3);
  });

  it('should read on from where it stopped', async () => {
    const { sut, feeds, store, clock } = parts();
    const now = clock.now().toISOString();
    feeds.audit.push(entry(1, 'cmd.proxmox.guest.power', now, { vmid: 100, action: 'stop' }));
    await sut.execute();
    feeds.audit.push(entry(2, 'cmd.proxmox.guest.delete', now, { vmid: 100 }));

    expect(await sut.execute()).toBe(1);
    expect([...store.rows.values()].map((chunk) => chunk.citation).sort()).toEqual(['audit:1', 'audit:2']);
  });

  it('should let records older than the retention leave the index', async () => {
    const { sut, feeds, store, clock } = parts();
    feeds.audit.push(
      entry(1, 'cmd.proxmox.guest.power', clock.now().toISOString(), { vmid: 100, action: 'stop' }),
    );
    await sut.execute();

    clock.advance(31 * 24 * 3_600_000);
    await sut.execute();

    expect(store.rows.size).toBe(0);
  });
});
