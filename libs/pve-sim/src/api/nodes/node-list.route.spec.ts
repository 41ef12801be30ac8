import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { nodeListRoute } from './node-list.route';

describe('node list route', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  it(`should serve ${nodeListRoute.path}`, () => {
    expect(nodeListRoute.path).toBe('/nodes');
  });

  it('should list the three online homelab nodes with their capacity', async () => {
    const response = await callApi(sut, 'GET', api('/nodes'));

    expect(response.body?.data).toEqual([
      expect.objectContaining({ node: 'pve1', status: 'online', maxcpu: 16, maxmem: 64 * 1024 ** 3 }),
      expect.objectContaining({ node: 'pve2', status: 'online', maxcpu: 16, maxmem: 64 * 1024 ** 3 }),
      expect.objectContaining({ node: 'pve3', status: 'online', maxcpu: 8, maxmem: 32 * 1024 ** 3 }),
    ]);
  });

  it('should name each entry and report its root disk, as extract_node_stats does', async () => {
    const response = await callApi(sut, 'GET', api('/nodes'));
    const [first] = response.body?.data as Array<Record<string, unknown>>;

    expect(first).toMatchObject({
      id: 'node/pve1',
      type: 'node',
      disk: expect.any(Number),
      maxdisk: 96 * 1024 ** 3,
    });
  });

  it('should report a colon-separated SHA-256 certificate fingerprint', async () => {
    const response = await callApi(sut, 'GET', api('/nodes'));
    const [first] = response.body?.data as Array<{ ssl_fingerprint: string }>;

    expect(first?.ssl_fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
