import { InMemoryEventOutbox } from '@proxmox-mpc/bus';
import { Subjects } from '@proxmox-mpc/contracts';
import { InMemoryTransactions } from '@proxmox-mpc/persistence';
import { FakeClock, loadConfig } from '@proxmox-mpc/service-runtime';
import { StaticTokens } from '../access/static-tokens';
import { tokenDigest } from '../access/token-digest';
import { McpEdgeConfigSchema } from '../config';
import { CreateApiTokenUseCase, type CreateApiToken } from './create-api-token.use-case';
import { InMemoryApiTokenStore } from './in-memory-api-token.store';

const request: CreateApiToken = {
  name: 'ci-reader',
  scopes: ['read'],
  nodes: ['pve1'],
  guests: [],
  tools: ['list_guests'],
  rateLimitPerMinute: 60,
  createdBy: 'token:admin',
};

describe(CreateApiTokenUseCase.name, () => {
  let tokens: InMemoryApiTokenStore;
  let outbox: InMemoryEventOutbox;
  let clock: FakeClock;
  let sut: CreateApiTokenUseCase;

  beforeEach(() => {
    tokens = new InMemoryApiTokenStore();
    outbox = new InMemoryEventOutbox();
    clock = new FakeClock();
    const config = loadConfig(McpEdgeConfigSchema, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://edge@127.0.0.1/mpc',
      MCP_BEARER_TOKEN: 'the-agent-token-from-config',
      MCP_TOKEN_NAME: 'agent',
    });
    sut = new CreateApiTokenUseCase(
      tokens,
      new StaticTokens(config),
      new InMemoryTransactions(),
      outbox,
      clock,
    );
  });

  it('should return the secret once and store only its digest', async () => {
    const { token } = await sut.execute(request);

    expect(token).toMatch(/^mpc_[A-Za-z0-9_-]{43}$/);
    expect(tokens.rows).toHaveLength(1);
    expect(tokens.rows[0]?.digest.equals(tokenDigest(String(token)))).toBe(true);
    expect(JSON.stringify(tokens.rows[0])).not.toContain(token);
  });

  it("should store the digest of a secret the operator's client made, and return no secret", async () => {
    const digest = tokenDigest('mpc_made-by-the-console');
    const origin = {
      correlationId: 'console-1',
      causationId: 'command-1',
      actor: { kind: 'operator' as const, id: 'operator:alice' },
    };

    const created = await sut.execute({ ...request, createdBy: 'operator:alice', digest, origin });

    expect(created.token).toBeUndefined();
    expect(tokens.rows[0]?.digest.equals(digest)).toBe(true);
    expect(outbox.added[0]?.envelope).toMatchObject({ correlationId: 'console-1', causationId: 'command-1' });
  });

  it('should announce the creation, without the secret', async () => {
    const { token, summary } = await sut.execute(request);

    expect(summary).toEqual({
      name: 'ci-reader',
      scopes: ['read'],
      nodes: ['pve1'],
      guests: [],
      tools: ['list_guests'],
      rateLimitPerMinute: 60,
      createdAt: clock.now().toISOString(),
      createdBy: 'token:admin',
    });
    expect(outbox.dataOf(Subjects.mcpTokenCreated)).toEqual([summary]);
    expect(JSON.stringify(outbox.added)).not.toContain(token);
    expect(outbox.added[0]?.envelope.actor).toEqual({ kind: 'operator', id: 'token:admin' });
  });

  it('should refuse a name an active token has, and allow it once that one is revoked', async () => {
    await sut.execute(request);

    await expect(sut.execute(request)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'a token named "ci-reader" exists; revoke it first',
    });
    await tokens.revoke('ci-reader', 'token:admin', clock.now());
    await expect(sut.execute(request)).resolves.toBeDefined();
    expect(tokens.rows).toHaveLength(2);
  });

  it("should refuse the name of a token from the deployment's configuration", async () => {
    await expect(sut.execute({ ...request, name: 'agent' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(tokens.rows).toEqual([]);
    expect(outbox.added).toEqual([]);
  });
});
