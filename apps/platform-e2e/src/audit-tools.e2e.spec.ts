import type { Client } from '@modelcontextprotocol/client';
import { Subjects, type AuditEntry } from '@proxmox-mpc/contracts';
import { startTracing, type TracingHandle } from '@proxmox-mpc/telemetry';
import { pollUntil } from '@proxmox-mpc/testing';
import { ADMIN_TOKEN, InProcessPlatform, textOf, type ToolResult } from './in-process-platform';

const READER = 'reader-token-for-audit-tests';
const JAEGER_URL = 'http://jaeger.example:16686';
const CORRELATION_META = 'dev.proxmox-mpc/correlation-id';
const TRACE_META = 'dev.proxmox-mpc/trace-id';

/** audit_search and audit_verify through a real MCP client, and who may see what. */
describe('audit tools', () => {
  let tracing: TracingHandle;
  let platform: InProcessPlatform;
  let agent: Client;
  let reader: Client;
  let admin: Client;

  const call = async (as: Client, name: string, args: Record<string, unknown> = {}) =>
    (await as.callTool({ name, arguments: args })) as ToolResult;
  const rowsOf = (result: ToolResult) => (result.structuredContent?.rows ?? []) as AuditEntry[];

  /** Searches until `done` holds: the audit service records asynchronously. */
  const searchUntil = (as: Client, args: Record<string, unknown>, done: (rows: AuditEntry[]) => boolean) =>
    pollUntil(
      () => call(as, 'audit_search', args),
      (result) => result.isError === true || done(rowsOf(result)),
      15_000,
      100,
    );

  beforeAll(async () => {
    // Trace ids exist (and travel in traceparent headers) only with a tracer provider.
    tracing = startTracing({ serviceName: 'platform-e2e', serviceVersion: 'test', exportOtlp: false });
    platform = await InProcessPlatform.start({
      audit: { JAEGER_URL },
      tokens: [{ name: 'reader', token: READER, scopes: ['read'] }],
    });
    agent = await platform.client();
    reader = await platform.client(READER);
    admin = await platform.client(ADMIN_TOKEN);
  });

  afterAll(async () => {
    await Promise.all([agent?.close(), reader?.close(), admin?.close()]);
    await platform?.stop();
    await tracing?.shutdown();
  });

  it("should show an agent its tool call's whole timeline, in order, with the Jaeger link of its trace", async () => {
    const stopped = platform.simulator.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.status === 'stopped' && !guest.config.template);
    const started = await call(agent, 'power_guest', { guest: stopped?.vmid, action: 'start' });
    expect(started.structuredContent).toMatchObject({ status: 'completed' });
    const correlationId = started._meta?.[CORRELATION_META] as string;
    const traceId = started._meta?.[TRACE_META] as string;

    const result = await searchUntil(agent, { correlationId }, (rows) =>
      rows.some((row) => row.subject === Subjects.mcpToolCalled),
    );

    const rows = rowsOf(result);
    expect(rows[0]).toMatchObject({
      subject: Subjects.proxmoxGuestPower,
      source: 'mcp-edge',
      guest: { vmid: stopped?.vmid },
    });
    const subjects = rows.map((row) => row.subject);
    expect(subjects.indexOf(Subjects.proxmoxOperationCompleted)).toBeGreaterThan(0);
    expect(subjects.indexOf(Subjects.mcpToolCalled)).toBeGreaterThan(
      subjects.indexOf(Subjects.proxmoxOperationCompleted),
    );
    expect(rows.find((row) => row.subject === Subjects.mcpToolCalled)).toMatchObject({
      subject: Subjects.mcpToolCalled,
      actor: { kind: 'agent', id: 'token:agent' },
      outcome: 'ok',
      durationMs: expect.any(Number),
    });
    expect(rows.every((row) => row.correlationId === correlationId && row.valid)).toBe(true);
    expect(result.structuredContent?.jaegerUrl).toBe(`${JAEGER_URL}/trace/${traceId}`);
    expect(textOf(result)).toContain(`trace: ${JAEGER_URL}/trace/${traceId}`);
  });

  it('should show a caller without the admin scope only its own rows', async () => {
    const listed = await call(reader, 'list_nodes');
    const mine = listed._meta?.[CORRELATION_META] as string;
    const agentCall = (await call(agent, 'list_nodes'))._meta?.[CORRELATION_META] as string;
    await searchUntil(agent, { correlationId: agentCall }, (rows) => rows.length > 0);

    const own = await searchUntil(reader, {}, (rows) => rows.some((row) => row.correlationId === mine));

    expect(rowsOf(own).length).toBeGreaterThan(0);
    expect(rowsOf(own).every((row) => row.actor?.id === 'token:reader')).toBe(true);
    const others = await call(reader, 'audit_search', { type: Subjects.proxmoxGuestPower });
    expect(rowsOf(others)).toEqual([]);
    const agents = await call(reader, 'audit_search', { correlationId: agentCall });
    expect(agents.structuredContent).toEqual({ rows: [] });
    const refused = await call(reader, 'audit_search', { actor: 'token:agent' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/token:reader may search only its own messages.*\[FORBIDDEN\]/);
  });

  it("should let an admin search anyone's rows and verify the chain, and nobody else", async () => {
    const agents = await call(admin, 'audit_search', {
      actor: 'token:agent',
      type: Subjects.proxmoxGuestPower,
    });
    expect(rowsOf(agents).length).toBeGreaterThan(0);

    const verified = await call(admin, 'audit_verify');
    expect(verified.isError).toBeFalsy();
    expect(verified.structuredContent).toEqual({ rows: expect.any(Number) });
    expect(textOf(verified)).toMatch(/^All \d+ audit rows chain correctly/);

    const { tools } = await reader.listTools();
    expect(tools.map((tool) => tool.name)).toContain('audit_search');
    expect(tools.map((tool) => tool.name)).not.toContain('audit_verify');
    // Refused as a tool error or, by a server that asks for a step-up, as an HTTP 403.
    const refused = await reader.callTool({ name: 'audit_verify', arguments: {} }).then(
      (result) => textOf(result as ToolResult),
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/admin/);
  });
});
