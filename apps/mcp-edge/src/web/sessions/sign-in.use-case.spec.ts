import { FakeClock, loadConfig } from '@proxmox-mpc/service-runtime';
import { Authenticator } from '../../access/authenticator';
import { StaticTokens } from '../../access/static-tokens';
import { tokenDigest } from '../../access/token-digest';
import { McpEdgeConfigSchema } from '../../config';
import { InMemoryApiTokenStore } from '../../tokens/in-memory-api-token.store';
import { ConsoleCredentials } from './console-credentials';
import { sessionDigest } from './csrf';
import { InMemoryWebSessionStore } from './in-memory-web-session.store';
import { ResumeSessionUseCase, type ConsoleSession } from './resume-session.use-case';
import { SignInUseCase } from './sign-in.use-case';
import { SignOutUseCase } from './sign-out.use-case';

const ADMIN = 'admin-token-for-console-tests';
const AGENT = 'agent-token-for-console-tests';
const SETTINGS = { MCP_UI_SESSION_IDLE_MINUTES: 30, MCP_UI_SESSION_MAX_HOURS: 12 };

/** The console's sign-in and session checks, with mcp-edge's real Authenticator on in-memory tokens. */
describe(SignInUseCase.name, () => {
  let clock: FakeClock;
  let tokens: InMemoryApiTokenStore;
  let sessions: InMemoryWebSessionStore;
  let sut: SignInUseCase;
  let resume: ResumeSessionUseCase;

  beforeEach(() => {
    const config = loadConfig(McpEdgeConfigSchema, {
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://localhost/test',
      MCP_ADMIN_TOKEN: ADMIN,
      MCP_BEARER_TOKEN: AGENT,
      MCP_TOKEN_NAME: 'agent',
    });
    clock = new FakeClock();
    tokens = new InMemoryApiTokenStore();
    sessions = new InMemoryWebSessionStore();
    const credentials = new ConsoleCredentials(
      new Authenticator(config, new StaticTokens(config), tokens, clock),
    );
    sut = new SignInUseCase(credentials, sessions, clock, SETTINGS);
    resume = new ResumeSessionUseCase(credentials, sessions, clock, SETTINGS);
  });

  const restrictedToken = async (name: string, secret: string) =>
    tokens.insert(
      Object.assign(Object.create(null), {
        id: '00000000-0000-4000-8000-000000000001',
        name,
        digest: tokenDigest(secret),
        scopes: ['read'],
        nodes: ['pve1'],
        guests: [],
        tools: [],
        exec: [],
        rateLimitPerMinute: null,
        expiresAt: null,
        createdAt: clock.now(),
        createdBy: 'token:admin',
        revokedAt: null,
        revokedBy: null,
      }),
    );

  it('should keep only digests: of the session id and of the token', async () => {
    const { sessionId, session } = await sut.execute(ADMIN);

    expect(session.idDigest).toEqual(sessionDigest(sessionId));
    expect(session.tokenDigest).toEqual(tokenDigest(ADMIN));
    expect(JSON.stringify(sessions.rows)).not.toContain(sessionId);
    expect(JSON.stringify(sessions.rows)).not.toContain(ADMIN);
    expect(session).toMatchObject({ actorId: 'token:admin', oauthGrant: null });
    expect(session.expiresAt).toEqual(new Date(clock.now().getTime() + 12 * 3_600_000));
  });

  it('should refuse an unknown token, naming the field', async () => {
    await expect(sut.execute('not-a-token-anyone-issued')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'token: invalid bearer token',
    });
    await expect(sut.execute('   ')).rejects.toMatchObject({
      message: expect.stringMatching(/^token: paste/),
    });
    expect(sessions.rows).toEqual([]);
  });

  it('should refuse a token limited to some nodes, guests or tools', async () => {
    await restrictedToken('pve1-reader', 'pve1-reader-secret-for-tests');

    await expect(sut.execute('pve1-reader-secret-for-tests')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('token:pve1-reader is limited'),
    });
  });

  it('should let an agent token in without the admin role', async () => {
    const { sessionId } = await sut.execute(AGENT);

    expect(await resume.execute(sessionId)).toMatchObject({
      admin: false,
      grant: { actorId: 'token:agent' },
    });
  });

  describe(ResumeSessionUseCase.name, () => {
    it('should resume a live session as an admin', async () => {
      const { sessionId } = await sut.execute(ADMIN);
      clock.advance(10 * 60_000);

      const resumed = (await resume.execute(sessionId)) as ConsoleSession;

      expect(resumed.admin).toBe(true);
      expect(resumed.session.lastSeenAt).toEqual(clock.now());
    });

    it('should end a session idle for too long, and delete it', async () => {
      const { sessionId } = await sut.execute(ADMIN);
      clock.advance(30 * 60_000);

      expect(await resume.execute(sessionId)).toEqual({
        ended: 'signed out after 30 minutes without activity',
      });
      expect(sessions.rows).toEqual([]);
    });

    it('should end a busy session at its absolute end', async () => {
      const { sessionId } = await sut.execute(ADMIN);
      for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
        clock.advance(20 * 60_000);
        expect(await resume.execute(sessionId)).toHaveProperty('session');
      }
      clock.advance(20 * 60_000);

      expect(await resume.execute(sessionId)).toEqual({ ended: 'the session ended; sign in again' });
    });

    it('should end the session when its token is revoked', async () => {
      await restrictedToken('operator-2', 'operator-2-secret-for-tests');
      const row = tokens.rows[0];
      if (!row) throw new Error('no token');
      row.nodes = [];
      const { sessionId } = await sut.execute('operator-2-secret-for-tests');
      await tokens.revoke('operator-2', 'token:admin', clock.now());

      expect(await resume.execute(sessionId)).toEqual({
        ended: expect.stringMatching(/^signed out: token:operator-2 was revoked at/),
      });
      expect(sessions.rows).toEqual([]);
    });

    it('should not know a session that was signed out', async () => {
      const { sessionId } = await sut.execute(ADMIN);
      await new SignOutUseCase(sessions).execute(sessionId);

      expect(await resume.execute(sessionId)).toEqual({ ended: 'sign in to continue' });
      expect(await resume.execute(undefined)).toEqual({ ended: 'sign in to continue' });
    });

    it('should remove ended sessions when someone signs in', async () => {
      await sut.execute(ADMIN);
      clock.advance(31 * 60_000);

      await sut.execute(ADMIN);

      expect(sessions.rows).toHaveLength(1);
    });
  });
});
