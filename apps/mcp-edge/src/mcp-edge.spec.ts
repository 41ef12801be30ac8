import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import {
  ConfigError,
  loadConfig,
  startInProcessService,
  type InProcessService,
} from '@proxmox-mpc/service-runtime';
import type { Subscription } from '@nats-io/transport-node';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type GuestsListResponse, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { EventRecorder, startTestInfrastructure, type TestInfrastructure } from '@proxmox-mpc/testing';
import { McpEdgeConfigSchema } from './config';
import { mcpEdgeService } from './mcp-edge.service';

const TOKEN = 'a-bearer-token-for-tests';

describe('mcp-edge', () => {
  let infrastructure: TestInfrastructure;
  let edge: InProcessService;
  let events: EventRecorder;
  let mcpUrl: string;

  beforeAll(async () => {
    infrastructure = await startTestInfrastructure();
    edge = await startInProcessService(mcpEdgeService, {
      NATS_URL: infrastructure.natsUrl,
      DATABASE_URL: infrastructure.databaseUrl,
      MCP_BEARER_TOKEN: TOKEN,
      MCP_TOKEN_NAME: 'spec',
      MCP_TOOL_TIMEOUT_MS: '1000',
    });
    mcpUrl = `${edge.url}/mcp`;
    events = await EventRecorder.start(infrastructure.natsUrl);
  });

  afterAll(async () => {
    await events?.stop();
    await edge?.stop();
    await infrastructure?.stop();
  });

  const post = (headers: Record<string, string>) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });

  async function connected(): Promise<Client> {
    const client = new Client({ name: 'mcp-edge-spec', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    return client;
  }

  describe('authentication', () => {
    it.each([
      ['no Authorization header', {}, /missing Authorization header/],
      ['another scheme', { authorization: `Basic ${TOKEN}` }, /must be "Bearer <token>"/],
      ['a wrong token', { authorization: 'Bearer not-the-right-token' }, /invalid bearer token/],
    ])('should refuse %s with 401 and say why', async (_, headers, reason) => {
      const response = await post(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="proxmox-mpc", error="invalid_token"/,
      );
      expect(((await response.json()) as { error_description: string }).error_description).toMatch(reason);
    });

    it('should refuse a Host it does not serve (DNS rebinding)', async () => {
      // fetch() will not send a Host header of our choosing; node:http will.
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const request = httpRequest(mcpUrl, {
          method: 'POST',
          headers: {
            host: 'attacker.example',
            authorization: `Bearer ${TOKEN}`,
            'content-type': 'application/json',
          },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode);
        });
        request.on('error', reject);
        request.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
      });
      expect(status).toBe(403);
    });
  });

  describe('when the services behind it are down', () => {
    let client: Client;

    beforeAll(async () => {
      client = await connected();
    });

    afterAll(async () => {
      await client?.close();
    });

    it('should say that nobody answers a read', async () => {
      const result = await client.callTool({ name: 'list_guests', arguments: {} });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('no service is answering qry.proxmox.guests.list');
    });

    it('should refuse an operation it cannot resolve, before sending anything', async () => {
      const result = await client.callTool({
        name: 'power_guest',
        arguments: { guest: 100, action: 'start' },
      });
      expect(result.isError).toBe(true);
      expect(JSON.stringify(result.content)).toContain('no service is answering qry.proxmox.guests.list');
    });

    it('should record every call, failed or not, as evt.mcp.tool.called', async () => {
      const result = await client.callTool({ name: 'list_guests', arguments: { node: 'pve1' } });
      const recorded = await events.waitFor(
        (message) => message.envelope.correlationId === result._meta?.['dev.proxmox-mpc/correlation-id'],
      );
      expect(recorded.envelope.actor).toEqual({ kind: 'agent', id: 'token:spec' });
      expect(recorded.envelope.data).toMatchObject({
        tool: 'list_guests',
        transport: 'http',
        arguments: { node: 'pve1' },
        outcome: 'error',
        error: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    });
  });

  describe('guest lists, kept until the inventory changes', () => {
    const origin: Origin = {
      correlationId: 'inventory-spec',
      actor: { kind: 'service', id: 'proxmox-agent' },
    };
    /** What the edge had to ask proxmox-agent (a stand-in here), and with which filters. */
    const asked: Array<Record<string, unknown>> = [];
    let agent: MessageBus;
    let answering: Subscription;
    let client: Client;

    /** The stand-in's answer number n: one guest named after it, synced 30 s ago. */
    const answer = (n: number): GuestsListResponse => ({
      target: 'default',
      guests: [
        {
          vmid: 100,
          name: `answer-${n}`,
          node: 'pve1',
          type: 'qemu',
          status: 'running',
          template: false,
          cpus: 1,
          memoryBytes: 1024,
          diskBytes: 1024,
          uptimeSeconds: 60,
          tags: [],
        },
      ],
      source: 'inventory',
      syncedAt: new Date(Date.now() - 30_000).toISOString(),
      ageMs: 30_000,
    });

    beforeAll(async () => {
      agent = await MessageBus.connect(
        { service: 'agent-stand-in', natsUrl: infrastructure.natsUrl },
        createLogger({ service: 'agent-stand-in', level: 'silent' }),
      );
      answering = agent.nats.subscribe(Subjects.proxmoxGuestsList, {
        callback: (_error, message) => {
          asked.push((message.json() as { data: Record<string, unknown> }).data);
          message.respond(JSON.stringify({ ok: true, data: answer(asked.length) }));
        },
      });
      await agent.nats.flush();
      client = await connected();
    });

    afterAll(async () => {
      await client?.close();
      answering?.unsubscribe();
      await agent?.close();
    });

    const listed = async (args: Record<string, unknown> = {}) => {
      const result = await client.callTool({ name: 'list_guests', arguments: args });
      expect(result.isError).toBeFalsy();
      const list = result.structuredContent as GuestsListResponse;
      return { name: list.guests[0]?.name, source: list.source, ageMs: list.ageMs };
    };

    it('should ask proxmox-agent once for the same list, then answer from memory with its age counted on', async () => {
      const first = await listed();
      const again = await listed();

      expect(asked).toHaveLength(1);
      expect(again).toMatchObject({ name: first.name, source: 'inventory' });
      expect(again.ageMs).toBeGreaterThanOrEqual(first.ageMs);
    });

    it.each([
      [
        'a write of the inventory',
        Subjects.proxmoxInventoryChanged,
        { target: 'default', created: 0, updated: 1, deleted: 0 },
      ],
      [
        'the end of a sync pass',
        Subjects.proxmoxInventorySynced,
        {
          target: 'default',
          mode: 'incremental',
          guests: 1,
          created: 0,
          updated: 0,
          deleted: 0,
          configsRead: 0,
          unreachableNodes: [],
          durationMs: 5,
        },
      ],
    ] as const)('should ask again after %s is announced', async (_, subject, data) => {
      const held = await listed();

      await agent.publish(subject, data as never, origin);

      const next = await listed();
      expect(next.name).not.toBe(held.name);
      expect(next.name).toBe(`answer-${asked.length}`);
    });

    it('should ask again when the list it holds is older than the call accepts', async () => {
      const held = await listed();
      const before = asked.length;

      const fresher = await listed({ maxAgeSeconds: 10 });

      expect(asked).toHaveLength(before + 1);
      expect(asked.at(-1)).toEqual({ maxAgeMs: 10_000 });
      expect(fresher.name).not.toBe(held.name);
    });

    it('should keep lists with different filters apart', async () => {
      await listed();
      const before = asked.length;

      const onNode = await listed({ node: 'pve1' });
      const onNodeAgain = await listed({ node: 'pve1' });

      expect(asked).toHaveLength(before + 1);
      expect(asked.at(-1)).toEqual({ node: 'pve1' });
      expect(onNodeAgain.name).toBe(onNode.name);
    });
  });

  describe('configuration', () => {
    const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://u@127.0.0.1/db' };

    it('should name what OAuth mode and the rate limits need', () => {
      expect(() => loadConfig(McpEdgeConfigSchema, { ...base, MCP_AUTH: 'oauth' })).toThrow(
        /MCP_RESOURCE_URL is required when MCP_AUTH=oauth[\s\S]*MCP_OAUTH_ISSUER is required[\s\S]*MCP_OAUTH_JWKS_URL is required/,
      );
      expect(() =>
        loadConfig(McpEdgeConfigSchema, {
          ...base,
          MCP_ADMIN_TOKEN: 'a'.repeat(16),
          MCP_TOOL_RATE_LIMITS: '{iac_apply: 5}',
        }),
      ).toThrow(/MCP_TOOL_RATE_LIMITS: expected JSON such as \{"iac_apply": 5\}/);
      expect(() =>
        loadConfig(McpEdgeConfigSchema, {
          ...base,
          MCP_ADMIN_TOKEN: 'a'.repeat(16),
          MCP_OAUTH_ALGORITHMS: 'HS256',
        }),
      ).toThrow(/MCP_OAUTH_ALGORITHMS/);
    });

    it('should require a bearer token for HTTP and name the variable', () => {
      expect(() => loadConfig(McpEdgeConfigSchema, base)).toThrow(ConfigError);
      expect(() => loadConfig(McpEdgeConfigSchema, base)).toThrow(
        /MCP_BEARER_TOKEN, MCP_TOKENS_FILE or MCP_ADMIN_TOKEN \(to create tokens with npm run token\) is required when MCP_TRANSPORT=http/,
      );
    });

    it('should refuse a short token', () => {
      expect(() => loadConfig(McpEdgeConfigSchema, { ...base, MCP_BEARER_TOKEN: 'short' })).toThrow(
        /MCP_BEARER_TOKEN: use a token of at least 16 characters/,
      );
    });

    it('should read approval policy per target and name a wrong action', () => {
      const policy = loadConfig(McpEdgeConfigSchema, {
        ...base,
        MCP_BEARER_TOKEN: TOKEN,
        MCP_APPROVAL_POLICY: '{"*": ["delete"], "lab": []}',
      }).MCP_APPROVAL_POLICY;
      expect(policy).toEqual({ '*': ['delete'], lab: [] });
      expect(() =>
        loadConfig(McpEdgeConfigSchema, {
          ...base,
          MCP_BEARER_TOKEN: TOKEN,
          MCP_APPROVAL_POLICY: '{"*": ["explode"]}',
        }),
      ).toThrow(/MCP_APPROVAL_POLICY/);
    });

    it('should not need a token over stdio', () => {
      expect(loadConfig(McpEdgeConfigSchema, { ...base, MCP_TRANSPORT: 'stdio' }).MCP_TRANSPORT).toBe(
        'stdio',
      );
    });
  });
});
