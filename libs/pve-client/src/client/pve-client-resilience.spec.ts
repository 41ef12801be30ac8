import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import type { CircuitChange } from '../http/circuit-breaker';
import { PveClient } from './pve-client';
import type { PveClientOptions } from './pve-client-options';

describe(`${PveClient.name} resilience`, () => {
  let simulator: PveSimulator;
  let clients: PveClient[];

  beforeEach(async () => {
    clients = [];
    simulator = new PveSimulator();
    await simulator.start();
  });

  afterEach(async () => {
    await Promise.all(clients.map((created) => created.close()));
    await simulator.stop();
  });

  function client(options: Partial<PveClientOptions> = {}): PveClient {
    const created = new PveClient({
      baseUrl: simulator.url,
      auth: { kind: 'token', tokenId: DEFAULT_SIM_TOKEN.tokenId, secret: DEFAULT_SIM_TOKEN.secret },
      ...options,
    });
    clients.push(created);
    return created;
  }

  describe('circuit breaker', () => {
    it('should open after consecutive 5xx answers and then fail fast without sending', async () => {
      const changes: CircuitChange[] = [];
      const sut = client({
        retries: 0,
        circuitBreaker: { failureThreshold: 3, cooldownMs: 60_000 },
        onCircuitChange: (change) => changes.push(change),
      });
      simulator.faults.configure({ errorRate: 1, errorStatuses: [503] });

      for (let index = 0; index < 3; index++) {
        await expect(sut.nodes()).rejects.toMatchObject({ code: 'UNREACHABLE', status: 503 });
      }
      const sent = simulator.stats.snapshot().total;

      await expect(sut.nodes()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', retryable: true });
      expect(simulator.stats.snapshot().total).toBe(sent);
      expect(sut.circuitState).toBe('open');
      expect(changes).toEqual([{ from: 'closed', to: 'open', failures: 3 }]);
    });

    it('should let a probe through after the cool-down and close once the target recovers', async () => {
      const changes: string[] = [];
      const sut = client({
        retries: 0,
        circuitBreaker: { failureThreshold: 2, cooldownMs: 200 },
        onCircuitChange: (change) => changes.push(`${change.from}->${change.to}`),
      });
      simulator.faults.configure({ errorRate: 1, errorStatuses: [500] });
      await sut.version().catch(() => undefined);
      await sut.version().catch(() => undefined);
      expect(sut.circuitState).toBe('open');

      simulator.faults.reset();
      await new Promise((resolve) => setTimeout(resolve, 250));

      await expect(sut.version()).resolves.toMatchObject({ version: '9.2.3' });
      expect(sut.circuitState).toBe('closed');
      expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    });

    it('should not count an answer PVE gave with its own reason', async () => {
      const sut = client({ retries: 0, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });

      for (let index = 0; index < 3; index++) {
        await expect(sut.guestStatus('pve1', 'qemu', 999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }

      expect(sut.circuitState).toBe('closed');
    });

    it('should not open for a node behind the target that is offline (595)', async () => {
      const sut = client({ retries: 0, circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
      simulator.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });

      for (let index = 0; index < 3; index++) {
        await expect(sut.listGuests('pve2', 'qemu')).rejects.toMatchObject({
          code: 'UNREACHABLE',
          status: 595,
          message: 'GET /nodes/pve2/qemu: No route to host',
        });
      }

      expect(sut.circuitState).toBe('closed');
      await expect(sut.clusterResources('node')).resolves.toEqual(
        expect.arrayContaining([expect.objectContaining({ node: 'pve2', status: 'offline' })]),
      );
    });
  });

  describe('concurrency cap', () => {
    it('should keep at most maxConcurrency in flight and queue the rest in order', async () => {
      const sut = client({ maxConcurrency: 3 });
      simulator.faults.configure({ latencyMs: 80 });
      simulator.stats.reset();

      const calls = Array.from({ length: 12 }, () => sut.version());
      await new Promise((resolve) => setTimeout(resolve, 20));
      const queued = sut.queued;
      await Promise.all(calls);

      expect(queued).toBe(9);
      expect(simulator.stats.snapshot()).toMatchObject({ maxInFlight: 3, total: 12 });
      expect(sut.inFlight).toBe(0);
    });

    it('should default to eight in flight', async () => {
      const sut = client();
      simulator.faults.configure({ latencyMs: 80 });
      simulator.stats.reset();

      await Promise.all(Array.from({ length: 20 }, () => sut.version()));

      expect(simulator.stats.snapshot().maxInFlight).toBe(8);
    });
  });

  describe('injected faults', () => {
    it('should see the injected latency', async () => {
      const sut = client();
      simulator.faults.configure({ latencyMs: 150 });
      const started = performance.now();

      await sut.version();

      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('should time out on a hanging request', async () => {
      const sut = client({ timeoutMs: 200, retries: 0 });
      simulator.faults.configure({ hangRate: 1 });

      await expect(sut.nodes()).rejects.toMatchObject({
        code: 'TIMEOUT',
        retryable: true,
        message: 'GET /nodes: no answer within 200 ms',
      });
    });

    it('should retry a GET through an intermittent 5xx', async () => {
      const sut = client({ retries: 5 });
      simulator.faults.configure({ seed: 7, errorRate: 0.5 });

      await expect(sut.nodes()).resolves.toHaveLength(3);
    });

    it('should report a task that an injected failure ended', async () => {
      const sut = client();
      simulator.faults.configure({
        taskFailures: [{ type: 'qmstart', count: 1, exitstatus: 'start failed: QEMU exited with code 1' }],
      });

      const upid = await sut.powerGuest('pve1', 'qemu', 106, 'start');

      await expect(sut.waitForTask('pve1', upid, { pollIntervalMs: 20 })).resolves.toMatchObject({
        status: 'stopped',
        exitstatus: 'start failed: QEMU exited with code 1',
      });
    });
  });
});
