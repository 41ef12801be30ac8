import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { MessageBus } from '@proxmox-mpc/bus';
import {
  originFrom,
  Subjects,
  type AuditSearchRequest,
  type Origin,
  type QueryResponseOf,
} from '@proxmox-mpc/contracts';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { pollUntil, startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { Client } from 'pg';
import { auditService } from '../audit.service';

type SearchResult = QueryResponseOf<typeof Subjects.auditSearch>;

const JAEGER_URL = 'http://jaeger.example:16686';
const alice: Origin = { correlationId: 'alice-starts-101', actor: { kind: 'agent', id: 'token:alice' } };
const bob: Origin = { correlationId: 'bob-stops-102', actor: { kind: 'agent', id: 'token:bob' } };
const operator: Origin = { correlationId: 'audit-query-spec', actor: { kind: 'operator', id: 'spec' } };

/** The audit log read over the bus, as mcp-edge and the export CLI read it. */
describe('audit queries', () => {
  let infrastructure: TestInfrastructure;
  let audit: InProcessService;
  let edge: MessageBus;
  let agent: MessageBus;

  const connect = (service: string) =>
    MessageBus.connect(
      { service, natsUrl: infrastructure.natsUrl },
      createLogger({ service, level: 'silent' }),
    );
  const search = (request: AuditSearchRequest): Promise<SearchResult> =>
    edge.query(Subjects.auditSearch, request, operator);

  /** Searches until `count` rows match: the audit consumer records asynchronously. */
  const searchFor = (request: AuditSearchRequest, count: number): Promise<SearchResult> =>
    pollUntil(
      () => search(request),
      (result) => result.rows.length >= count,
    );
  /** Verifies the chain as `correlationId`, and catches the announcement of the result. */
  async function verify(correlationId: string) {
    const { event: announced } = await edge.expectEvent(
      Subjects.auditChainVerified,
      (event) => event.correlationId === correlationId,
      10_000,
    );
    const result = await edge.query(Subjects.auditVerify, {}, { ...operator, correlationId });
    return { result, announced: (await announced).data };
  }

  /** The audit service's chain gauges as Prometheus scrapes them. */
  async function chainMetrics(): Promise<{ broken: number; verifiedAt: number }> {
    const text = await (await fetch(`${audit.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    return {
      broken: value('mpc_audit_chain_broken'),
      verifiedAt: value('mpc_audit_chain_last_verification_timestamp_seconds'),
    };
  }

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    audit = await startInProcessService(auditService, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      JAEGER_URL: `${JAEGER_URL}/`,
    });
    edge = await connect('mcp-edge');
    agent = await connect('proxmox-agent');

    // Alice starts VM 101 through a tool; Bob stops 102; the inventory learns of a guest.
    const start = await edge.publish(Subjects.proxmoxGuestPower, { vmid: 101, action: 'start' }, alice);
    await agent.publish(
      Subjects.proxmoxOperationCompleted,
      {
        operation: 'power',
        vmid: 101,
        node: 'pve1',
        type: 'qemu',
        upids: [],
        durationMs: 80,
        action: 'start',
        status: 'running',
      },
      originFrom(start),
    );
    await edge.publish(
      Subjects.mcpToolCalled,
      {
        tool: 'power_guest',
        transport: 'http',
        arguments: { guest: 'pve2/web-01', action: 'start' },
        outcome: 'ok',
        durationMs: 12.5,
      },
      alice,
    );
    await edge.publish(Subjects.proxmoxGuestPower, { vmid: 102, action: 'stop' }, bob);
    await agent.publish(
      Subjects.proxmoxInventoryGuestsCreated,
      {
        target: 'homelab',
        guests: [
          {
            vmid: 103,
            name: 'db-01',
            node: 'pve3',
            type: 'lxc',
            status: 'running',
            template: false,
            cpus: 2,
            memoryBytes: 2 ** 30,
            diskBytes: 2 ** 33,
            uptimeSeconds: 60,
            tags: [],
            config: {},
          },
        ],
      },
      { correlationId: 'inventory-sync', actor: { kind: 'service', id: 'proxmox-agent' } },
    );
    await searchFor({}, 5);
  });

  afterAll(async () => {
    await agent?.close();
    await edge?.close();
    await audit?.stop();
    await infrastructure?.stop();
  });

  it("should return one user action's timeline across services, in recording order", async () => {
    const { rows } = await search({ correlationId: alice.correlationId });

    expect(rows.map((row) => [row.subject, row.source])).toEqual([
      [Subjects.proxmoxGuestPower, 'mcp-edge'],
      [Subjects.proxmoxOperationCompleted, 'proxmox-agent'],
      [Subjects.mcpToolCalled, 'mcp-edge'],
    ]);
    expect(rows[1]).toMatchObject({
      correlationId: alice.correlationId,
      causationId: rows[0]?.messageId,
      actor: { kind: 'agent', id: 'token:alice' },
      valid: true,
      problems: null,
      data: { operation: 'power', vmid: 101, status: 'running' },
    });
    expect(rows.map((row) => row.chainSeq)).toEqual(
      [...rows.map((row) => row.chainSeq)].sort((a, b) => a - b),
    );
  });

  it("should give a tool call's outcome and duration", async () => {
    const { rows } = await search({ correlationId: alice.correlationId, type: 'mcp.tool.called' });
    expect(rows).toEqual([
      expect.objectContaining({
        subject: Subjects.mcpToolCalled,
        outcome: 'ok',
        durationMs: 12.5,
        data: expect.objectContaining({ tool: 'power_guest' }),
      }),
    ]);
  });

  it('should find the rows about a guest, from command data, event data, inventory guests and tool arguments', async () => {
    const subjectsFor = async (guest: AuditSearchRequest['guest']) =>
      (await search({ guest })).rows.map((row) => row.subject);

    expect(await subjectsFor({ vmid: 101 })).toEqual([
      Subjects.proxmoxGuestPower,
      Subjects.proxmoxOperationCompleted,
    ]);
    expect(await subjectsFor({ node: 'pve1' })).toEqual([Subjects.proxmoxOperationCompleted]);
    expect(await subjectsFor({ node: 'pve2', name: 'web-01' })).toEqual([Subjects.mcpToolCalled]);
    const [inventory] = (await search({ guest: { name: 'db-01' } })).rows;
    expect(inventory?.guest).toEqual({ vmid: 103, node: 'pve3', name: 'db-01' });
  });

  it('should filter by actor and by type or subject prefix', async () => {
    const bobs = await search({ actorId: 'token:bob' });
    expect(bobs.rows.map((row) => row.data)).toEqual([{ vmid: 102, action: 'stop' }]);

    const events = await search({ type: 'evt.proxmox' });
    expect(events.rows.map((row) => row.subject)).toEqual([
      Subjects.proxmoxOperationCompleted,
      Subjects.proxmoxInventoryGuestsCreated,
    ]);
    const commands = await search({ type: Subjects.proxmoxGuestPower });
    expect(commands.rows.map((row) => row.correlationId)).toEqual([alice.correlationId, bob.correlationId]);
  });

  it('should split a time range at its bounds: from is inclusive, to exclusive', async () => {
    const all = (await search({})).rows;
    const middle = all[2]?.storedAt as string;

    const after = (await search({ from: middle })).rows;
    const before = (await search({ to: middle })).rows;

    expect(after.every((row) => row.storedAt >= middle)).toBe(true);
    expect(before.every((row) => row.storedAt < middle)).toBe(true);
    expect([...before, ...after].map((row) => row.messageId)).toEqual(all.map((row) => row.messageId));
  });

  it('should page with a cursor until the last page, which has none', async () => {
    const all = (await search({})).rows;
    const pages: SearchResult[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ limit: 2, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);

    const sizes = all
      .map((_, index) => Math.min(2, all.length - index))
      .filter((_, index) => index % 2 === 0);
    expect(pages.map((page) => page.rows.length)).toEqual(sizes);
    expect(pages.flatMap((page) => page.rows.map((row) => row.messageId))).toEqual(
      all.map((row) => row.messageId),
    );
  });

  it("should link a correlation id's trace in Jaeger, from the traceparent its first message carried", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const headers = natsHeaders();
    const event = edge.envelope(
      Subjects.mcpToolCalled,
      { tool: 'list_guests', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 3 },
      { ...alice, correlationId: 'traced-call' },
    );
    headers.set('Nats-Msg-Id', event.id);
    headers.set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`);
    await edge.jetstream.publish(Subjects.mcpToolCalled, JSON.stringify(event), { headers });

    const result = await searchFor({ correlationId: 'traced-call' }, 1);

    expect(result.jaegerUrl).toBe(`${JAEGER_URL}/trace/${traceId}`);
    expect(result.rows[0]?.traceId).toBe(traceId);
    expect((await search({ actorId: 'token:alice' })).jaegerUrl).toBeUndefined();
  });

  it('should refuse malformed input, naming each field', async () => {
    // Sent as raw NATS requests: MessageBus.query would refuse them before they leave.
    const ask = async (data: Record<string, unknown>) => {
      const request = {
        id: randomUUID(),
        type: 'audit.search',
        source: 'spec',
        time: new Date().toISOString(),
        ...operator,
        data,
      };
      const reply = await edge.nats.request(Subjects.auditSearch, JSON.stringify(request));
      return reply.json<{ ok: boolean; error?: { code: string; issues: Array<{ path: string }> } }>();
    };

    const bad = await ask({ limit: 5_000, from: 'yesterday', guest: {}, actor: 'x' });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('INVALID_MESSAGE');
    expect(bad.error?.issues.map((issue) => issue.path).sort()).toEqual([
      'data',
      'data.from',
      'data.guest',
      'data.limit',
    ]);
    const reversed = await ask({ from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(reversed.error?.issues).toEqual([{ path: 'data.to', message: 'must be later than from' }]);
  });

  it('should find each guest an inventory event names among many, updated or deleted', async () => {
    const sync: Origin = {
      correlationId: 'sync-names-many',
      actor: { kind: 'service', id: 'proxmox-agent' },
    };
    const guest = (vmid: number, name: string) => ({
      vmid,
      name,
      node: 'pve4',
      type: 'qemu' as const,
      status: 'running' as const,
      template: false,
      cpus: 1,
      memoryBytes: 2 ** 30,
      diskBytes: 2 ** 33,
      uptimeSeconds: 5,
      tags: [],
      config: {},
    });
    await agent.publish(
      Subjects.proxmoxInventoryGuestsUpdated,
      {
        target: 'homelab',
        guests: [201, 202, 203].map((vmid) => ({
          guest: guest(vmid, `batch-${vmid}`),
          changes: [{ field: 'status', before: 'stopped', after: 'running' }],
        })),
      },
      sync,
    );
    await agent.publish(
      Subjects.proxmoxInventoryGuestsDeleted,
      {
        target: 'homelab',
        guests: [
          { vmid: 204, node: 'pve4', type: 'lxc', name: 'gone-204' },
          { vmid: 205, node: 'pve4', type: 'lxc', name: 'gone-205' },
        ],
      },
      sync,
    );
    await searchFor({ correlationId: sync.correlationId }, 2);

    const [updated] = (await search({ guest: { vmid: 202, node: 'pve4' } })).rows;
    expect(updated).toMatchObject({ subject: Subjects.proxmoxInventoryGuestsUpdated, guest: null });
    expect((await search({ guest: { name: 'gone-205' } })).rows.map((row) => row.subject)).toEqual([
      Subjects.proxmoxInventoryGuestsDeleted,
    ]);
    // Every part asked for belongs to the same guest: 203 is not named gone-204.
    expect((await search({ guest: { vmid: 203, name: 'gone-204' } })).rows).toEqual([]);
  });

  describe('verification', () => {
    it('should verify the chain and announce the result, which it records too', async () => {
      const before = Date.now() / 1000;
      const { result, announced } = await verify('verify-whole');

      // The result and its time, where Prometheus reads them.
      const metrics = await chainMetrics();
      expect(metrics.broken).toBe(0);
      expect(metrics.verifiedAt).toBeGreaterThanOrEqual(Math.floor(before));
      expect(result.rows).toBeGreaterThanOrEqual(6);
      expect(result.firstBroken).toBeUndefined();
      expect(announced).toEqual(result);
      const [recorded] = (await searchFor({ correlationId: 'verify-whole' }, 1)).rows;
      expect(recorded).toMatchObject({ subject: Subjects.auditChainVerified, source: 'audit' });
    });

    it('should name the first broken row after someone who can bypass the triggers edits one', async () => {
      const [target] = (await search({ actorId: 'token:bob' })).rows;
      const db = new Client({ connectionString: infrastructure.databaseUrl });
      await db.connect();
      try {
        await db.query('ALTER TABLE audit.audit_messages DISABLE TRIGGER audit_append_only');
        await db.query(`UPDATE audit.audit_messages SET actor_id = 'token:alice' WHERE message_id = $1`, [
          target?.messageId,
        ]);
        await db.query('ALTER TABLE audit.audit_messages ENABLE TRIGGER audit_append_only');
      } finally {
        await db.end();
      }

      const { result, announced } = await verify('verify-broken');

      expect(result.firstBroken).toEqual({
        chainSeq: target?.chainSeq,
        messageId: target?.messageId,
        reason: 'its hash does not match its content and the row before it',
      });
      expect(announced.firstBroken).toEqual(result.firstBroken);
      // What the Prometheus alert on a broken chain reads.
      expect((await chainMetrics()).broken).toBe(1);
    });
  });
});
