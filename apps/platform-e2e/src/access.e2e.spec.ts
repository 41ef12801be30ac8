import { request as httpRequest } from 'node:http';
import type { Client } from '@modelcontextprotocol/client';
import { MessageBus } from '@proxmox-mpc/bus';
import type { InProcessService } from '@proxmox-mpc/service-runtime';
import { EventRecorder, pollUntil, runConsole } from '@proxmox-mpc/testing';
import { CuttableRelay } from './cuttable-relay';
import { ADMIN_TOKEN, AGENT_TOKEN, InProcessPlatform, textOf, type ToolResult } from './in-process-platform';

const READER = 'reader-token-for-access-tests';
const NARROW = 'narrow-token-for-access-tests';
const LIMITED = 'limited-token-for-access-tests';
const BUSY = 'busy-token-for-access-tests';
const STALE = 'stale-token-for-access-tests';
const MAX_BODY = 65_536;

/**
 * Who may reach the MCP endpoint and what they may do there: tokens (configured and
 * created at run time), scopes, tool allow-lists, rate limits, the cap on running calls,
 * body limits and DNS-rebinding checks — each refused with a clear error, before anything
 * reaches Proxmox.
 */
describe('access to the MCP endpoint', () => {
  let platform: InProcessPlatform;
  let events: EventRecorder;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      tokens: [
        { name: 'reader', token: READER, scopes: ['read'] },
        { name: 'narrow', token: NARROW, scopes: ['read'], tools: ['list_guests'] },
        { name: 'limited', token: LIMITED, scopes: ['read'], rateLimitPerMinute: 2 },
        { name: 'busy', token: BUSY, scopes: ['read'] },
        { name: 'stale', token: STALE, scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' },
      ],
      edgeEnv: {
        MCP_TOOL_RATE_LIMITS: '{"list_storage": 1}',
        MCP_MAX_CONCURRENT_CALLS: '2',
        MCP_MAX_BODY_BYTES: String(MAX_BODY),
      },
    });
    events = await EventRecorder.start(platform.infrastructure.natsUrl, 'evt.mcp.token.>');
  });

  afterAll(async () => {
    await events?.stop();
    await platform?.stop();
  });

  /** One JSON-RPC POST, as any HTTP client could send it, to `edge` by default. */
  const post = (body: string, headers: Record<string, string> = {}, mcpUrl = platform.mcpUrl) =>
    fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body,
    });
  const toolCall = (name: string, args: Record<string, unknown> = {}, id = 1) =>
    JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const admin = (method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${platform.edge.url}/admin/tokens${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const writesToProxmox = () => platform.simulator.stats.snapshot().writes;

  describe('who is calling', () => {
    it.each([
      ['no Authorization header', {}, /missing Authorization header/],
      ['another scheme', { authorization: `Basic ${READER}` }, /must be "Bearer <token>"/],
      ['an unknown token', bearer('not-a-token-anyone-has'), /invalid bearer token/],
      ['an expired token', bearer(STALE), /token:stale expired at 2020-01-01T00:00:00.000Z/],
    ])('should refuse %s with a Bearer challenge', async (_case, headers, reason) => {
      const response = await post(toolCall('list_nodes'), headers);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="proxmox-mpc", error="invalid_token"/,
      );
      expect(((await response.json()) as { error_description: string }).error_description).toMatch(reason);
    });
  });

  describe('tokens created by an operator', () => {
    it('should create a token once, list it without its secret, and refuse it once revoked', async () => {
      const created = await admin('POST', '', {
        name: 'ci-bot',
        scopes: ['read'],
        tools: ['list_guests', 'get_guest'],
      });
      expect(created.status).toBe(201);
      const { token, summary } = (await created.json()) as {
        token: string;
        summary: Record<string, unknown>;
      };
      expect(token).toMatch(/^mpc_[A-Za-z0-9_-]{43}$/);
      expect(summary).toMatchObject({ name: 'ci-bot', scopes: ['read'], createdBy: 'token:admin' });

      const listed = await (await admin('GET', '')).text();
      expect(listed).toContain('"ci-bot"');
      expect(listed).not.toContain(token);
      const announced = await events.waitFor((message) => message.subject === 'evt.mcp.token.created');
      expect(JSON.stringify(announced)).not.toContain(token);

      const client = await platform.client(token);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toEqual(['list_guests', 'get_guest']);
        const guests = (await client.callTool({ name: 'list_guests', arguments: {} })) as ToolResult;
        expect(guests.isError).toBeFalsy();
      } finally {
        await client.close();
      }

      expect((await admin('DELETE', '/ci-bot')).status).toBe(200);
      const refused = await post(toolCall('list_guests'), bearer(token));
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error_description: string }).error_description).toMatch(
        /token:ci-bot was revoked at /,
      );
      await events.waitFor((message) => message.subject === 'evt.mcp.token.revoked');
      expect((await admin('DELETE', '/ci-bot')).status).toBe(404);
    });

    it.each([
      [{ name: 'x', scopes: ['root'] }, /scopes\.0/],
      [{ name: 'x', scopes: ['read'], tools: ['rm_rf'] }, /tools\.0: expected a tool name/],
      [{ name: 'x y', scopes: ['read'] }, /name: expected 1-64 letters/],
      [{ name: 'x', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' }, /expiresAt must be in the future/],
      [{ name: 'x', scopes: ['read'], password: 'extra' }, /password/],
    ])('should refuse to create %j, naming the field', async (spec, reason) => {
      const response = await admin('POST', '', spec);

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error_description: string }).error_description).toMatch(reason);
    });

    it("should refuse a configured token's name and an agent's token", async () => {
      expect((await admin('POST', '', { name: 'agent', scopes: ['read'] })).status).toBe(409);
      const asAgent = await admin('POST', '', { name: 'sneaky', scopes: ['admin'] }, AGENT_TOKEN);
      expect(asAgent.status).toBe(403);
      expect(asAgent.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="admin"');
    });

    // Each replica remembers the tokens it has seen (CachedApiTokenStore); revoked on one,
    // a token must still be refused at its next request on every other.
    describe('on another replica', () => {
      let relay: CuttableRelay;
      let replica: InProcessService;

      beforeAll(async () => {
        relay = await CuttableRelay.start(platform.infrastructure.natsUrl);
        replica = await platform.startEdgeReplica(relay.url.toString());
      });

      afterAll(async () => {
        await replica?.stop();
        await relay?.stop();
      });

      const onReplica = (token: string) => post(toolCall('list_guests'), bearer(token), `${replica.url}/mcp`);
      /** A token created on `edge` and used on the replica, which now remembers it. */
      const tokenInUse = async (name: string): Promise<string> => {
        const created = await admin('POST', '', { name, scopes: ['read'] });
        const { token } = (await created.json()) as { token: string };
        expect((await onReplica(token)).status).toBe(200);
        return token;
      };
      const expectRevoked = async (name: string, response: Response) => {
        expect(response.status).toBe(401);
        expect(((await response.json()) as { error_description: string }).error_description).toMatch(
          new RegExp(`token:${name} was revoked at `),
        );
      };
      const replicaConnection = () => Promise.resolve(replica.app.get(MessageBus).unbrokenConnection());

      it('should refuse a token revoked on one replica at its next request on another', async () => {
        const token = await tokenInUse('roaming-bot');

        expect((await admin('DELETE', '/roaming-bot')).status).toBe(200);

        await expectRevoked('roaming-bot', await onReplica(token));
      });

      it('should refuse it also when that replica was cut off from NATS while the revocation was announced', async () => {
        const token = await tokenInUse('cut-off-bot');
        relay.cut();
        expect(await pollUntil(replicaConnection, (connection) => connection === undefined)).toBeUndefined();

        expect((await admin('DELETE', '/cut-off-bot')).status).toBe(200);
        await events.waitFor(
          (message) =>
            message.subject === 'evt.mcp.token.revoked' && JSON.stringify(message).includes('cut-off-bot'),
        );
        relay.restore();
        expect(await pollUntil(replicaConnection, (connection) => connection !== undefined)).toBeDefined();

        await expectRevoked('cut-off-bot', await onReplica(token));
      });
    });
  });

  describe('what a caller may call', () => {
    it('should answer a read token calling an apply tool with 403 insufficient_scope, before Proxmox', async () => {
      const writes = writesToProxmox();
      const response = await post(toolCall('power_guest', { guest: 100, action: 'stop' }), bearer(READER));

      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(response.headers.get('www-authenticate')).toContain('scope="apply"');
      expect(((await response.json()) as { error_description: string }).error_description).toBe(
        'token:reader lacks the apply scope that power_guest needs',
      );
      expect(writesToProxmox()).toBe(writes);
    });

    it('should list only allow-listed tools and refuse the others', async () => {
      const client = await platform.client(NARROW);
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_guests']);
      } finally {
        await client.close();
      }
      const response = await post(toolCall('get_guest', { guest: 100 }, 7), bearer(NARROW));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32003, message: 'get_guest is not in the tool allow-list of token:narrow' },
      });
    });
  });

  describe('how often and how much', () => {
    it('should hold a token to its own rate and say when to retry', async () => {
      const client = await platform.client(LIMITED);
      try {
        for (let call = 0; call < 2; call += 1) {
          expect(
            ((await client.callTool({ name: 'list_nodes', arguments: {} })) as ToolResult).isError,
          ).toBeFalsy();
        }
      } finally {
        await client.close();
      }
      const response = await post(toolCall('list_nodes', {}, 3), bearer(LIMITED));

      expect(response.status).toBe(429);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(await response.json()).toEqual({
        jsonrpc: '2.0',
        id: 3,
        error: {
          code: -32029,
          message: `rate limit: token:limited may make 2 tool calls a minute; retry after ${retryAfter} s`,
          data: { retryAfterSeconds: retryAfter },
        },
      });
    });

    it('should limit one tool per caller without limiting the others', async () => {
      const client = await platform.client(READER);
      try {
        const first = (await client.callTool({ name: 'list_storage', arguments: {} })) as ToolResult;
        expect(first.isError).toBeFalsy();
        const second = await client.callTool({ name: 'list_storage', arguments: {} }).then(
          (result) => textOf(result as ToolResult),
          (error: Error) => error.message,
        );
        expect(second).toMatch(/token:reader may make 1 list_storage calls a minute; retry after \d+ s/);
        expect(
          ((await client.callTool({ name: 'list_nodes', arguments: {} })) as ToolResult).isError,
        ).toBeFalsy();
      } finally {
        await client.close();
      }
    });

    it('should refuse a call beyond the cap on running calls', async () => {
      platform.simulator.faults.configure({ latencyMs: 1_500 });
      try {
        const answers = await Promise.all(
          [1, 2, 3].map((id) =>
            post(toolCall('whoami', {}, id), bearer(BUSY)).then((response) => response.status),
          ),
        );
        expect(answers.filter((status) => status === 429)).toHaveLength(1);
        expect(answers.filter((status) => status === 200)).toHaveLength(2);
      } finally {
        platform.simulator.faults.configure({});
      }
    });

    it('should refuse an oversized body with 413 and malformed JSON with a parse error', async () => {
      const oversized = await post(toolCall('list_nodes', { padding: 'x'.repeat(MAX_BODY) }), bearer(READER));
      expect(oversized.status).toBe(413);
      expect(await oversized.json()).toMatchObject({
        error: { code: -32600, message: `request body over ${MAX_BODY} bytes` },
      });

      const malformed = await post('{"jsonrpc": "2.0", "method": ', bearer(READER));
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({
        error: { code: -32700, message: 'request body is not JSON' },
      });

      const notJsonRpc = await post('{"hello": "world"}', bearer(READER));
      expect(notJsonRpc.status).toBe(400);
    });

    it('should refuse a foreign Origin or Host (DNS rebinding)', async () => {
      const foreignOrigin = await post(toolCall('list_nodes'), {
        ...bearer(READER),
        origin: 'http://evil.example',
      });
      expect(foreignOrigin.status).toBe(403);
      expect(JSON.stringify(await foreignOrigin.json())).toMatch(/evil\.example/);

      // fetch will not send a Host of our choosing; node:http does, as a rebinding page's browser would.
      const foreignHost = await new Promise<number>((resolve, reject) => {
        const url = new URL(platform.mcpUrl);
        const request = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { host: 'evil.example', ...bearer(READER), 'content-type': 'application/json' },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end(toolCall('list_nodes'));
      });
      expect(foreignHost).toBe(403);
    });
  });

  describe('proxmox-mpc tokens (npm run token)', () => {
    const token = (...args: string[]) =>
      runConsole(['tokens', ...args], { NATS_URL: platform.infrastructure.natsUrl, MPC_OPERATOR: 'alice' });

    it('should create a token that works at once, list it, and revoke it', async () => {
      const created = await token(
        'create',
        'cli-bot',
        '--scopes',
        'read',
        '--tools',
        'list_nodes',
        '--expires-in',
        '30d',
        '--rate',
        '10',
      );
      expect(created).toMatchObject({ code: 0, stderr: expect.stringMatching(/^correlation id console-/) });
      const secret = /token \(shown once; store it now\): (mpc_\S+)/.exec(created.stdout)?.[1] as string;
      expect(secret).toBeDefined();
      const client = await platform.client(secret);
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['list_nodes']);
      } finally {
        await client.close();
      }

      const listed = await token('list');
      expect(listed.stdout).toMatch(/^cli-bot {2}\[read\] {2}tools list_nodes {2}10\/min {2}expires \d{4}-/m);
      expect(listed.stdout).not.toContain(secret);

      expect(await token('revoke', 'cli-bot')).toMatchObject({
        code: 0,
        stdout: expect.stringMatching(/^revoked: cli-bot .*REVOKED/),
      });
      expect((await post(toolCall('list_nodes'), bearer(secret))).status).toBe(401);
      expect((await token('list', '--all')).stdout).toMatch(/cli-bot .*REVOKED .* by operator:alice/);
    });

    it('should explain bad flags and refusals with exit codes', async () => {
      expect(await token('create', 'x')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--scopes is required/),
      });
      expect(await token('create', 'x', '--scopes', 'read', '--expires-in', 'soon')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--expires-in: expected a duration such as 30s, 15m, 12h or 7d/),
      });
      expect(await token('create', 'x', '--scopes', 'sudo')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/--scopes: "sudo" is not one of read, plan, apply, admin/),
      });
      expect(await token('create', 'x', '--scopes', 'read', '--tools', 'format_disk')).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/\nerror: refused: tools\.0: expected a tool name/),
      });
      expect(await token('revoke', 'nobody')).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/\nerror: refused: no active token named "nobody"\n$/),
      });
      expect(await token('frobnicate')).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^error: unknown action "frobnicate" for \/tokens/),
      });
    });
  });

  describe('hostile text in free-text arguments', () => {
    let client: Client;
    beforeAll(async () => {
      client = await platform.client();
    });
    afterAll(async () => {
      await client?.close();
    });

    const HOSTILE = [
      'web; rm -rf /',
      '$(reboot)',
      '`id`',
      '../../etc/passwd',
      'a\nnet1: virtio,bridge=vmbr9',
      'x,y=z',
      '${file("/etc/shadow")}',
      'nul\u0000byte',
    ];
    const template = () => platform.simulator.state.guests().find((guest) => guest.config.template === '1');

    it.each([
      [
        'create_guest name',
        'create_guest',
        (text: string) => ({ type: 'qemu', node: 'pve1', name: text }),
        /name/,
      ],
      [
        'create_guest tags',
        'create_guest',
        (text: string) => ({ type: 'qemu', node: 'pve1', name: 'ok-01', tags: [text] }),
        /tags\.0/,
      ],
      [
        'clone_guest name',
        'clone_guest',
        (text: string) => ({ guest: template()?.vmid, name: text }),
        /name/,
      ],
      ['snapshot_guest name', 'snapshot_guest', (text: string) => ({ guest: 100, name: text }), /name/],
      [
        'configure_guest name',
        'configure_guest',
        (text: string) => ({ guest: 100, set: { name: text } }),
        /set\.name/,
      ],
      [
        'configure_guest tags',
        'configure_guest',
        (text: string) => ({ guest: 100, set: { tags: text } }),
        /set\.tags/,
      ],
    ])('should refuse hostile %s, naming the field, before Proxmox', async (_field, tool, args, field) => {
      const writes = writesToProxmox();
      for (const text of HOSTILE) {
        const answer = await client.callTool({ name: tool, arguments: args(text) }).then(
          (result) => ({ isError: (result as ToolResult).isError, text: textOf(result as ToolResult) }),
          (error: Error) => ({ isError: true, text: error.message }),
        );
        expect(answer).toEqual({ isError: true, text: expect.stringMatching(field) });
      }
      expect(writesToProxmox()).toBe(writes);
    });

    it('should refuse control characters in a description and keep other text as inert data', async () => {
      const writes = writesToProxmox();
      const refused = (await client.callTool({
        name: 'configure_guest',
        arguments: { guest: 100, set: { description: 'ok\u0000\u001b[2J' } },
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/set\.description: expected printable text/);
      expect(writesToProxmox()).toBe(writes);

      const text = 'web; rm -rf / $(reboot) ${file("/etc/shadow")}';
      const accepted = (await client.callTool({
        name: 'configure_guest',
        arguments: { guest: 100, set: { description: text } },
      })) as ToolResult;
      expect(accepted.isError).toBeFalsy();
      const guest = platform.simulator.state.guests().find((candidate) => candidate.vmid === 100);
      expect(guest?.config.description).toBe(text);
    });
  });
});
