import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import type { PveRequestObservation } from '../http/pve-http';
import type { PveClientOptions } from './pve-client-options';
import { PveApiError } from '../errors/pve-api-error';
import { PveClient } from './pve-client';

describe(`${PveClient.name} errors`, () => {
  let simulator: PveSimulator;
  let observations: PveRequestObservation[];
  let baseOptions: PveClientOptions;
  let sut: PveClient;

  beforeAll(async () => {
    simulator = new PveSimulator();
    await simulator.start();
  });

  afterAll(() => simulator.stop());

  beforeEach(() => {
    observations = [];
    baseOptions = {
      baseUrl: simulator.url,
      tokenId: DEFAULT_SIM_TOKEN.tokenId,
      tokenSecret: DEFAULT_SIM_TOKEN.secret,
      onRequest: (observation) => observations.push(observation),
    };
    sut = new PveClient(baseOptions);
  });

  afterEach(() => sut.close());

  async function failure(call: Promise<unknown>): Promise<PveApiError> {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof PveApiError)) throw new Error(`expected a PveApiError, got ${String(error)}`);
    return error;
  }

  describe('from PVE', () => {
    it('should map a rejected token to UNAUTHORIZED', async () => {
      const client = new PveClient({ ...baseOptions, tokenSecret: 'wrong-secret' });
      try {
        const error = await failure(client.version());

        expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
        expect(error.message).toBe('GET /version: Authentication failed!');
      } finally {
        await client.close();
      }
    });

    it('should never put the token secret into an error', async () => {
      const client = new PveClient({ ...baseOptions, tokenSecret: 'wrong-secret-1234' });
      try {
        const error = await failure(client.version());

        expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
          '1234',
        );
      } finally {
        await client.close();
      }
    });

    it("should map a missing guest to NOT_FOUND with PVE's reason", async () => {
      const error = await failure(sut.guestStatus('pve1', 'qemu', 999));

      expect(error).toMatchObject({ code: 'NOT_FOUND', status: 500, retryable: false });
      expect(error.message).toBe(
        "GET /nodes/pve1/qemu/999/status/current: Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist",
      );
    });

    it('should map a node outside the cluster to NOT_FOUND', async () => {
      await expect(sut.listGuests('pve9', 'qemu')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should map a start of a running container to CONFLICT', async () => {
      const error = await failure(sut.powerGuest('pve1', 'lxc', 200, 'start'));

      expect(error).toMatchObject({ code: 'CONFLICT', status: 500, retryable: false });
      expect(error.message).toBe('POST /nodes/pve1/lxc/200/status/start: CT 200 already running');
    });

    it("should carry PVE's per-parameter errors of a 400", async () => {
      const unknownTask = 'UPID:pve1:00001234:00005678:6720B3C4:qmstart:100:root@pam:';

      const error = await failure(sut.taskStatus('pve1', unknownTask));

      expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, errors: { upid: 'no such task' } });
      expect(error.message).toMatch(/: Parameter verification failed\. \(upid: no such task\)$/);
    });

    it('should not retry an answer PVE gave with a reason', async () => {
      await failure(sut.guestStatus('pve1', 'qemu', 999));

      expect(observations).toHaveLength(1);
    });
  });

  describe('before any request', () => {
    it.each([
      ['a vmid below 100', () => sut.guestStatus('pve1', 'qemu', 99)],
      ['a fractional vmid', () => sut.guestStatus('pve1', 'qemu', 100.5)],
      ['a vmid above 999999999', () => sut.powerGuest('pve1', 'qemu', 1_000_000_000, 'stop')],
    ])('should refuse %s', async (_case, call) => {
      const error = await failure(call());

      expect(error).toMatchObject({ code: 'BAD_REQUEST', errors: { vmid: expect.any(String) } });
      expect(observations).toHaveLength(0);
    });

    it.each([
      ['a path traversal', '../../access'],
      ['a slash', 'pve1/qemu'],
      ['an encoded slash', 'pve1%2Fqemu'],
      ['a query', 'pve1?x=1'],
      ['an empty name', ''],
    ])('should refuse a node name with %s', async (_case, node) => {
      const error = await failure(sut.listGuests(node, 'qemu'));

      expect(error).toMatchObject({ code: 'BAD_REQUEST', errors: { node: expect.any(String) } });
      expect(observations).toHaveLength(0);
    });

    it('should refuse a guest type other than qemu or lxc', async () => {
      const error = await failure(sut.listGuests('pve1', 'openvz' as 'qemu'));

      expect(error.errors).toEqual({ type: expect.any(String) });
      expect(observations).toHaveLength(0);
    });

    it('should refuse a power action other than start, stop or shutdown', async () => {
      const error = await failure(sut.powerGuest('pve1', 'qemu', 100, 'destroy' as 'stop'));

      expect(error.errors).toEqual({ action: expect.any(String) });
      expect(observations).toHaveLength(0);
    });

    it('should refuse a malformed UPID', async () => {
      const error = await failure(sut.taskStatus('pve1', 'UPID:../../etc'));

      expect(error.errors).toEqual({ upid: expect.any(String) });
      expect(observations).toHaveLength(0);
    });
  });
});
