import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import { EventRecorder } from '@proxmox-mpc/testing';
import { AGENT_TOKEN, InProcessPlatform, type ToolResult } from './in-process-platform';

const RESOURCE = 'https://mpc.example.test/mcp';

// jose ships only ES modules; a dynamic import loads it from this CommonJS spec.
type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

/**
 * OAuth 2.1 resource-server mode against a real JWKS endpoint (a small HTTP server in
 * this test plays the authorization server's key publisher): tokens are verified,
 * scopes mapped, failures answered with RFC 6750 challenges that point at the RFC 9728
 * metadata, and the token never travels past mcp-edge.
 */
describe('OAuth resource-server mode', () => {
  let platform: InProcessPlatform;
  let jwksServer: Server;
  let issuer: string;
  let key: CryptoKey;
  let strangerKey: CryptoKey;
  let events: EventRecorder;
  let jose: Jose;

  beforeAll(async () => {
    jose = await import('jose');
    const pair = await jose.generateKeyPair('ES256');
    key = pair.privateKey;
    strangerKey = (await jose.generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(request.url === '/jwks.json' ? { keys: [jwk] } : {}));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    platform = await InProcessPlatform.start({
      edgeEnv: {
        MCP_AUTH: 'oauth',
        MCP_RESOURCE_URL: RESOURCE,
        MCP_OAUTH_ISSUER: issuer,
        MCP_OAUTH_JWKS_URL: `${issuer}/jwks.json`,
        MCP_OAUTH_SCOPE_PREFIX: 'mpc:',
      },
    });
    events = await EventRecorder.start(platform.infrastructure.natsUrl, 'evt.mcp.>');
  });

  afterAll(async () => {
    await events?.stop();
    await platform?.stop();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const sign = (
    claims: JWTPayload,
    options: { key?: CryptoKey; expiresIn?: string; issuer?: string; audience?: string } = {},
  ) =>
    new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? RESOURCE)
      .setSubject('alice')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? key);

  const post = (token: string, name: string, args: Record<string, unknown> = {}) =>
    fetch(platform.mcpUrl, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
  const metadataUrl = 'https://mpc.example.test/.well-known/oauth-protected-resource/mcp';

  it('should serve RFC 9728 protected-resource metadata', async () => {
    const response = await fetch(`${platform.edge.url}/.well-known/oauth-protected-resource/mcp`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      resource: RESOURCE,
      authorization_servers: [issuer],
      scopes_supported: ['mpc:read', 'mpc:plan', 'mpc:apply', 'mpc:admin'],
      bearer_methods_supported: ['header'],
      resource_name: 'Proxmox-MPC',
    });
  });

  it('should let a valid token in with the scopes it carries, as oauth:<sub>, without passing the token on', async () => {
    const token = await sign({ scope: 'openid mpc:read' });
    const client = await platform.client(token);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      expect(tools.every((tool) => tool.annotations?.readOnlyHint)).toBe(true);
      const nodes = (await client.callTool({ name: 'list_nodes', arguments: {} })) as ToolResult;
      expect(nodes.isError).toBeFalsy();
    } finally {
      await client.close();
    }
    const called = await events.waitFor((message) => message.subject === 'evt.mcp.tool.called');
    expect(called.envelope.actor).toEqual({ kind: 'agent', id: 'oauth:alice' });
    expect(JSON.stringify(called)).not.toContain(token);
  });

  it.each([
    ['no token', async () => '', /missing Authorization header/],
    ['an API token', async () => AGENT_TOKEN, /not a valid JWT/],
    ['an expired token', () => sign({ scope: 'mpc:read' }, { expiresIn: '-1m' }), /expired/],
    [
      'another audience',
      () => sign({ scope: 'mpc:read' }, { audience: 'https://other.example/mcp' }),
      /aud claim/,
    ],
    ['another issuer', () => sign({ scope: 'mpc:read' }, { issuer: 'https://evil.example' }), /iss claim/],
    [
      'a key not in the JWKS',
      () => sign({ scope: 'mpc:read' }, { key: strangerKey }),
      /signature does not verify/,
    ],
  ])('should refuse %s with 401 and point at the metadata', async (_case, token, reason) => {
    const response = await post(await token(), 'list_nodes');

    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(reason);
  });

  it('should ask for the missing scope (step-up) with 403 insufficient_scope', async () => {
    const writes = platform.simulator.stats.snapshot().writes;
    const response = await post(await sign({ scope: 'mpc:read' }), 'power_guest', {
      guest: 100,
      action: 'stop',
    });

    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="mpc:apply"');
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
    expect(platform.simulator.stats.snapshot().writes).toBe(writes);

    const noScopes = await post(await sign({ scope: 'openid profile' }), 'list_nodes');
    expect(noScopes.status).toBe(403);
    expect(noScopes.headers.get('www-authenticate')).toContain('scope="mpc:read"');
  });

  it('should sign an operator in to the web console with an access token, and refuse a forged one', async () => {
    const { response, session } = await platform.signInToConsole(await sign({ scope: 'mpc:read mpc:admin' }));
    expect(response.status).toBe(303);
    expect(session).toBeDefined();
    const overview = await fetch(`${platform.edge.url}/ui`, {
      headers: { cookie: `mpc_ui_session=${session}` },
    });
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain('oauth:alice (admin)');

    const forged = await platform.signInToConsole(await sign({ scope: 'mpc:admin' }, { key: strangerKey }));
    expect(forged.response.status).toBe(401);
    expect(forged.session).toBeUndefined();
    expect(await forged.response.text()).toContain('signature does not verify');
  });
});
