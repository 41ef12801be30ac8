import { DEFAULT_ROOT_PASSWORD, PveSimulator } from '../__tests__/simulator';
import { PveApiError } from '../errors/pve-api-error';
import { parseUpid } from '../upid/parse-upid';
import { PveClient } from './pve-client';
import type { PveRequestObservation } from '../http/pve-http';
import type { PveClientOptions } from './pve-client-options';

describe(`${PveClient.name} ticket auth`, () => {
  let simulator: PveSimulator;
  let clients: PveClient[];
  let observations: PveRequestObservation[];

  async function start(options: ConstructorParameters<typeof PveSimulator>[0] = {}): Promise<void> {
    simulator = new PveSimulator({
      taskDurationMs: 20,
      access: {
        users: [{ userid: 'alice@pve', password: 'alice-pw' }],
        acl: [{ path: '/vms/106', role: 'PVEVMUser', user: 'alice@pve' }],
      },
      ...options,
    });
    await simulator.start();
  }

  function client(options: Partial<PveClientOptions> = {}): PveClient {
    const created = new PveClient({
      baseUrl: simulator.url,
      auth: { kind: 'ticket', username: 'root@pam', password: DEFAULT_ROOT_PASSWORD },
      retries: 0,
      onRequest: (observation) => observations.push(observation),
      ...options,
    });
    clients.push(created);
    return created;
  }

  const calls = () =>
    observations.map(
      (observation) => `${observation.method} ${observation.pathTemplate} ${observation.status}`,
    );

  beforeEach(() => {
    clients = [];
    observations = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((created) => created.close()));
    await simulator.stop();
  });

  it('should log in on first use and then call with the ticket', async () => {
    await start();
    const sut = client();

    await sut.version();
    await sut.nodes();

    expect(calls()).toEqual(['POST /access/ticket 200', 'GET /version 200', 'GET /nodes 200']);
  });

  it('should share one login between concurrent first calls', async () => {
    await start();
    const sut = client();

    await Promise.all([sut.version(), sut.nodes(), sut.clusterResources('node')]);

    expect(calls().filter((call) => call.startsWith('POST /access/ticket'))).toHaveLength(1);
  });

  it('should send the CSRF prevention token on writes, acting as the ticket user', async () => {
    await start();
    const sut = client({ auth: { kind: 'ticket', username: 'alice@pve', password: 'alice-pw' } });

    const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');

    expect(parseUpid(upid).user).toBe('alice@pve');
  });

  it('should renew the ticket before it expires, by sending it as the password', async () => {
    // PVE ages tickets in whole seconds, so a short test lifetime needs a second to spare.
    await start({ ticketLifetimeMs: 4_000 });
    const sut = client({ ticketLifetimeMs: 4_000 });
    await sut.version();

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await sut.version();

    expect(calls()).toEqual([
      'POST /access/ticket 200',
      'GET /version 200',
      'POST /access/ticket 200',
      'GET /version 200',
    ]);
  });

  it('should log in again once after a 401 for an expired ticket', async () => {
    // A ticket's age counts from the whole second it was issued in, so a fresh ticket has
    // between lifetime - 1 s and lifetime left: 3 s leaves the calls after a login 2 s.
    await start({ ticketLifetimeMs: 3_000 });
    const sut = client();
    await sut.version();

    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await sut.version();

    expect(calls()).toEqual([
      'POST /access/ticket 200',
      'GET /version 200',
      'GET /version 401',
      'POST /access/ticket 200',
      'GET /version 200',
    ]);
  });

  it('should reject a wrong password with UNAUTHORIZED, without the password anywhere', async () => {
    await start();
    const sut = client({ auth: { kind: 'ticket', username: 'alice@pve', password: 'wrong-pw-4711' } });

    const error = await sut.version().catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(PveApiError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
    expect((error as Error).message).toBe('POST /access/ticket: authentication failure');
    expect(JSON.stringify({ ...(error as object), stack: (error as Error).stack })).not.toContain('4711');
  });

  it('should log in on request and report the user', async () => {
    await start();

    await expect(client().login()).resolves.toBe('root@pam');
  });

  it('should refuse a username without a realm', () => {
    expect(
      () =>
        new PveClient({
          baseUrl: 'http://127.0.0.1:1',
          auth: { kind: 'ticket', username: 'root', password: 'x' },
        }),
    ).toThrow('PveClient: username must look like user@realm, got "root"');
  });
});
