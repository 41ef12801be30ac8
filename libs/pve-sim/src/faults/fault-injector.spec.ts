import { api, callApi, taskStopped } from '../__tests__/sim-http';
import { PveSimulator } from '../simulator/pve-simulator';
import { FaultInjector } from './fault-injector';

describe(FaultInjector.name, () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 10 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  it('should add a fixed latency to API requests', async () => {
    sut.faults.configure({ latencyMs: 150 });
    const started = performance.now();

    await callApi(sut, 'GET', api('/version'));

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('should answer every affected request with a server error at rate 1', async () => {
    sut.faults.configure({ errorRate: 1, errorStatuses: [503] });

    const response = await callApi(sut, 'GET', api('/version'));

    expect(response).toMatchObject({ status: 503, statusText: 'Service Unavailable' });
  });

  it('should draw the same errors for the same seed', async () => {
    const statuses = async () => {
      sut.faults.configure({ seed: 42, errorRate: 0.5 });
      const results: number[] = [];
      for (let index = 0; index < 12; index++)
        results.push((await callApi(sut, 'GET', api('/version'))).status);
      return results;
    };

    const first = await statuses();

    expect(await statuses()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('should affect only paths that match the pattern', async () => {
    sut.faults.configure({ errorRate: 1, pathPattern: '^/cluster/' });

    expect((await callApi(sut, 'GET', api('/version'))).status).toBe(200);
    expect((await callApi(sut, 'GET', api('/cluster/resources'))).status).toBe(500);
  });

  it('should hold a hanging request until the faults are reset, then answer it', async () => {
    sut.faults.configure({ hangRate: 1 });
    let answered = false;
    const pending = callApi(sut, 'GET', api('/version')).then((response) => {
      answered = true;
      return response;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(answered).toBe(false);
    expect(sut.faults.heldCount).toBe(1);

    sut.faults.reset();

    expect((await pending).status).toBe(200);
  });

  it('should fail the next tasks of a type with the given exit status, then let them succeed', async () => {
    sut.faults.configure({
      taskFailures: [{ type: 'qmstart', count: 1, exitstatus: 'start failed: QEMU exited with code 1' }],
    });

    const first = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'));
    const failed = await taskStopped(sut, first.body?.data as string);
    const second = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'));
    const succeeded = await taskStopped(sut, second.body?.data as string);

    expect(failed.exitstatus).toBe('start failed: QEMU exited with code 1');
    expect(succeeded.exitstatus).toBe('OK');
  });

  it('should bring an offline node back when the faults are reset', async () => {
    sut.faults.configure({ nodes: [{ node: 'pve2', kind: 'offline' }] });
    sut.faults.reset();

    expect(sut.state.node('pve2')?.status).toBe('online');
    expect((await callApi(sut, 'GET', api('/nodes/pve2/qemu'))).status).toBe(200);
  });

  it('should refuse a rate outside 0..1', () => {
    expect(() => sut.faults.configure({ errorRate: 2 })).toThrow('errorRate: must be between 0 and 1');
  });

  it('should refuse an unknown node', () => {
    expect(() => sut.faults.configure({ nodes: [{ node: 'pve9', kind: 'offline' }] })).toThrow(
      "nodes: 'pve9' is not a cluster node",
    );
  });

  describe('control endpoint', () => {
    it('should set faults from a JSON body and report them', async () => {
      const set = await callApi(sut, 'POST', '/_sim/faults', {
        contentType: 'application/json',
        body: JSON.stringify({ errorRate: 1, pathPattern: '^/nodes$' }),
      });
      const nodes = await callApi(sut, 'GET', api('/nodes'));
      const current = await callApi(sut, 'GET', '/_sim/faults');

      expect(set.status).toBe(200);
      expect(nodes.status).toBe(500);
      expect(current.body?.data).toMatchObject({ errorRate: 1, pathPattern: '^/nodes$', held: 0 });
    });

    it('should clear faults on DELETE', async () => {
      sut.faults.configure({ errorRate: 1 });

      await callApi(sut, 'DELETE', '/_sim/faults');

      expect((await callApi(sut, 'GET', api('/version'))).status).toBe(200);
    });

    it('should answer 400 naming the field of an invalid configuration', async () => {
      const response = await callApi(sut, 'POST', '/_sim/faults', {
        contentType: 'application/json',
        body: JSON.stringify({ hangRate: -1 }),
      });

      expect(response).toMatchObject({
        status: 400,
        statusText: 'invalid faults: hangRate: must be between 0 and 1',
      });
    });

    it('should require authentication', async () => {
      const response = await callApi(sut, 'GET', '/_sim/faults', { authorization: null });

      expect(response).toMatchObject({ status: 401, statusText: 'No ticket' });
    });

    it('should require Sys.Modify on /', async () => {
      const limited = new PveSimulator({ tokens: [{ tokenId: 'ci@pve!ro', secret: 'ro' }] });
      await limited.start();
      try {
        const response = await callApi(limited, 'GET', '/_sim/faults', {
          authorization: 'PVEAPIToken=ci@pve!ro=ro',
        });

        expect(response).toMatchObject({
          status: 403,
          statusText: 'Permission check failed (/, Sys.Modify)',
        });
      } finally {
        await limited.stop();
      }
    });

    it('should count the requests in flight at once', async () => {
      sut.faults.configure({ latencyMs: 100 });
      await callApi(sut, 'DELETE', '/_sim/stats');

      await Promise.all(Array.from({ length: 5 }, () => callApi(sut, 'GET', api('/version'))));
      const stats = await callApi(sut, 'GET', '/_sim/stats');

      expect(stats.body?.data).toEqual({ inFlight: 0, maxInFlight: 5, total: 5, writes: 0 });
    });
  });
});
