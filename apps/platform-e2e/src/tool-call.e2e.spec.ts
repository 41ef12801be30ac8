import { randomUUID } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { Subjects } from '@proxmox-mpc/contracts';
import {
  EventRecorder,
  OtlpReceiver,
  startPlatform,
  startTestInfrastructure,
  type RunningPlatform,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { auditRowsFor } from './audit-rows';
import { connectHttpClient, connectStdioClient } from './mcp-clients';

const TOKEN = `e2e-${randomUUID()}`;
const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;
const CLOUD_INIT_PASSWORD = `pw-${randomUUID()}`;
const CORRELATION_META = 'dev.proxmox-mpc/correlation-id';
const TRACE_META = 'dev.proxmox-mpc/trace-id';

interface ToolResult {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

function textOf(result: ToolResult): string {
  return result.content.map((block) => block.text ?? '').join('\n');
}

/**
 * The whole platform as separate processes, as `npm start` runs it: an MCP client's
 * tool call crosses mcp-edge → NATS JetStream → proxmox-agent → the Proxmox VE
 * simulator and back, audited and traced.
 */
describe('a tool call, end to end', () => {
  let infrastructure: TestInfrastructure;
  let platform: RunningPlatform;
  let receiver: OtlpReceiver;
  let events: EventRecorder;
  let client: Client;

  beforeAll(async () => {
    receiver = new OtlpReceiver();
    const otlpUrl = await receiver.start();
    infrastructure = await startTestInfrastructure();
    platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: infrastructure.databaseUrl,
      ports: 'free',
      mcpToken: TOKEN,
      adminToken: ADMIN_TOKEN,
      // info, as deployments run: the secrets check below reads everything the services log.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, LOG_LEVEL: 'info' },
    });
    events = await EventRecorder.start(infrastructure.natsUrl);
    client = await connectHttpClient(platform.mcpUrl, TOKEN);
  });

  afterAll(async () => {
    await client?.close();
    await events?.stop();
    await platform?.stop();
    await infrastructure?.stop();
    await receiver?.stop();
  });

  function stoppedVm(): number {
    const guest = platform.simulator?.state
      .guests()
      .find(
        (candidate) =>
          candidate.type === 'qemu' && candidate.status === 'stopped' && !candidate.config.template,
      );
    if (!guest) throw new Error('the homelab scenario has no stopped VM');
    return guest.vmid;
  }

  it('should start a stopped VM and leave one correlation id, one audit trail and one trace', async () => {
    const vmid = stoppedVm();
    const result = (await client.callTool({
      name: 'power_guest',
      arguments: { guest: vmid, action: 'start' },
    })) as ToolResult;

    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      status: 'completed',
      result: { operation: 'power', vmid, action: 'start', status: 'running' },
    });
    expect(platform.simulator?.state.guest(vmid)?.status).toBe('running');

    const correlationId = result._meta?.[CORRELATION_META] as string;
    const traceId = result._meta?.[TRACE_META] as string;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const rows = await auditRowsFor(infrastructure.databaseUrl, { correlationId }, (found) =>
      [Subjects.proxmoxGuestPower, Subjects.proxmoxOperationCompleted, Subjects.mcpToolCalled].every(
        (subject) => found.some((row) => row.subject === subject),
      ),
    );
    expect(rows.map((row) => row.subject)).toEqual(
      expect.arrayContaining([
        Subjects.proxmoxGuestPower,
        Subjects.proxmoxOperationCompleted,
        Subjects.mcpToolCalled,
      ]),
    );
    expect(rows.every((row) => row.valid)).toBe(true);

    const expectedSpans = [
      'tools/call power_guest',
      `publish ${Subjects.proxmoxGuestPower}`,
      `process ${Subjects.proxmoxGuestPower}`,
      `publish ${Subjects.proxmoxOperationCompleted}`,
      `process ${Subjects.mcpToolCalled}`,
    ];
    const traced = await receiver.waitForSpans(traceId, expectedSpans);
    expect(traced.map((span) => span.name)).toEqual(expect.arrayContaining(expectedSpans));
    // iac-generator (drift) and rag (knowledge) join the trace when they get to the
    // inventory event of the started guest; whether that is before this look is a race.
    const services = [...new Set(traced.map((span) => span.service))];
    expect(services).toEqual(expect.arrayContaining(['mcp-edge', 'proxmox-agent', 'audit']));
    expect(
      services.filter(
        (service) => !['mcp-edge', 'proxmox-agent', 'audit', 'iac-generator', 'rag'].includes(service),
      ),
    ).toEqual([]);
    const correlated = receiver.spans.filter((span) => span.attributes['correlation.id'] === correlationId);
    expect(new Set(correlated.map((span) => span.traceId))).toEqual(new Set([traceId]));
    expect(traced.some((span) => span.service === 'proxmox-agent' && span.name.startsWith('pve POST'))).toBe(
      true,
    );
  });

  it('should list guests with filters over the 2026-07-28 protocol as well', async () => {
    const modern = await connectHttpClient(platform.mcpUrl, TOKEN, 'modern');
    try {
      const result = (await modern.callTool({
        name: 'list_guests',
        arguments: { type: 'lxc', status: 'running' },
      })) as ToolResult;
      const guests = (result.structuredContent?.guests ?? []) as Array<{ type: string; status: string }>;
      const expected = platform.simulator?.state
        .guests()
        .filter((guest) => guest.type === 'lxc' && guest.status === 'running').length;
      expect(result.isError).toBeFalsy();
      expect(guests).toHaveLength(expected ?? -1);
      expect(guests.every((guest) => guest.type === 'lxc' && guest.status === 'running')).toBe(true);
    } finally {
      await modern.close();
    }
  });

  it('should describe every tool with a title, annotations and an output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['list_guests', 'power_guest', 'operation_status']),
    );
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.annotations).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
      });
    }
  });

  it('should work the same over stdio', async () => {
    const vmid = [...(platform.simulator?.state.guests() ?? [])].find(
      (guest) => guest.type === 'qemu' && guest.status === 'running' && !guest.config.template,
    )?.vmid;
    const stdio = await connectStdioClient({
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      LOG_LEVEL: 'warn',
      PATH: process.env.PATH ?? '',
    });
    try {
      const result = (await stdio.callTool({
        name: 'power_guest',
        arguments: { guest: vmid, action: 'shutdown' },
      })) as ToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        status: 'completed',
        result: { vmid, status: 'stopped' },
      });
      expect(platform.simulator?.state.guest(vmid as number)?.status).toBe('stopped');
      const called = await events.waitFor(
        (message) =>
          message.subject === Subjects.mcpToolCalled &&
          message.envelope.correlationId === result._meta?.[CORRELATION_META],
      );
      expect(called.envelope.data).toMatchObject({ tool: 'power_guest', transport: 'stdio', outcome: 'ok' });
      expect(called.envelope.actor.id).toMatch(/^stdio:/);
    } finally {
      await stdio.close();
    }
  });

  describe('bad input', () => {
    it('should explain that an unknown VM does not exist, and touch nothing', async () => {
      const tasksBefore = platform.simulator?.state.tasks().length;
      const result = (await client.callTool({
        name: 'power_guest',
        arguments: { guest: 4242, action: 'start' },
      })) as ToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/no guest matches "4242".*\[NOT_FOUND\]/);
      expect(platform.simulator?.state.tasks().length).toBe(tasksBefore);
    });

    it('should refuse a wrong token with 401', async () => {
      await expect(connectHttpClient(platform.mcpUrl, 'not-the-token-at-all')).rejects.toThrow(
        /401|invalid bearer token/i,
      );
      const response = await fetch(platform.mcpUrl, { method: 'POST', body: '{}' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({
        error_description: expect.stringContaining('missing Authorization'),
      });
    });

    it('should name the malformed arguments and not call Proxmox', async () => {
      const tasksBefore = platform.simulator?.state.tasks().length;
      const result = (await client
        .callTool({ name: 'power_guest', arguments: { guest: 'a b c', action: 'hibernate' } })
        .catch((error: unknown) => ({
          isError: true,
          content: [{ type: 'text', text: String(error) }],
        }))) as ToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/guest/);
      expect(textOf(result)).toMatch(/action/);
      expect(platform.simulator?.state.tasks().length).toBe(tasksBefore);
    });

    it('should report a bus message that fails its schema, naming the field, and audit it', async () => {
      const id = randomUUID();
      const connection = await connect({ servers: infrastructure.natsUrl });
      try {
        const headers = natsHeaders();
        headers.set('Nats-Msg-Id', id);
        const body = {
          id,
          type: 'proxmox.guest.power.requested',
          source: 'hand-written',
          time: new Date().toISOString(),
          correlationId: `bad-${id}`,
          actor: { kind: 'operator', id: 'e2e' },
          data: { vmid: 42, action: 'start' },
        };
        connection.publish(Subjects.proxmoxGuestPower, JSON.stringify(body), { headers });
        await connection.flush();
      } finally {
        await connection.close();
      }
      const failure = await events.waitFor(
        (message) => message.subject === Subjects.busMessageFailed && message.envelope.causationId === id,
      );
      expect(failure.envelope.data).toMatchObject({ reason: 'invalid', code: 'INVALID_MESSAGE' });
      expect(JSON.stringify(failure.envelope.data)).toContain('data.vmid');
      const [row] = await auditRowsFor(
        infrastructure.databaseUrl,
        { messageId: id },
        (rows) => rows.length > 0,
      );
      expect(row).toMatchObject({ valid: false, problems: expect.stringContaining('data.vmid') });
    });

    it('should never write a secret to logs, events, audit rows or traces', async () => {
      const template = platform.simulator?.state.guests().find((guest) => guest.config.template === '1');
      const created = (await client.callTool({
        name: 'create_guest',
        arguments: {
          type: 'qemu',
          node: template?.node,
          name: 'secret-check-01',
          template: template?.vmid,
          cloudInit: { user: 'ops', password: CLOUD_INIT_PASSWORD },
        },
      })) as ToolResult;
      expect(created.isError).toBeFalsy();
      const tokens = await fetch(`${platform.serviceUrls['mcp-edge']}/admin/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'secret-check', scopes: ['read'] }),
      });
      const minted = ((await tokens.json()) as { token: string }).token;
      const mintedClient = await connectHttpClient(platform.mcpUrl, minted);
      await mintedClient.callTool({ name: 'list_nodes', arguments: {} });
      await mintedClient.close();
      const secrets = {
        'Proxmox token secret': platform.proxmox.tokenSecret,
        'MCP bearer token': TOKEN,
        'admin token': ADMIN_TOKEN,
        'minted API token': minted,
        'cloud-init password': CLOUD_INIT_PASSWORD,
      };
      // Everything written after the calls above: the audit rows the consumer stored, the spans exported.
      const audited = await auditRowsFor(infrastructure.databaseUrl, {}, (rows) =>
        rows.some((row) => JSON.stringify(row.envelope ?? '').includes('secret-check-01')),
      );
      await receiver.waitForSpans(String(created._meta?.[TRACE_META]), ['tools/call create_guest']);
      const written = {
        logs: [...platform.processes.values()].map((service) => service.output).join('\n'),
        events: JSON.stringify(events.messages),
        'audit rows': JSON.stringify(audited),
        traces: JSON.stringify(receiver.spans),
      };
      expect(written.logs.length).toBeGreaterThan(0);
      expect(audited.length).toBeGreaterThan(0);
      const leaks = Object.entries(written).flatMap(([where, text]) =>
        Object.entries(secrets)
          .filter(([, secret]) => text.includes(secret))
          .map(([what]) => `${what} in ${where}`),
      );
      expect(leaks).toEqual([]);
    });

    it('should leave every service running and healthy', async () => {
      for (const [name, url] of Object.entries(platform.serviceUrls)) {
        const response = await fetch(`${url}/health`);
        expect({ name, status: response.status }).toEqual({ name, status: 200 });
      }
    });
  });
});
