import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { clusterStatusRoute } from './cluster-status.route';
import { nextIdRoute } from './next-id.route';

describe('cluster status and next id routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  afterEach(() => sut.faults.reset());

  it(`should serve ${clusterStatusRoute.path} and ${nextIdRoute.path}`, () => {
    expect([clusterStatusRoute.path, nextIdRoute.path]).toEqual(['/cluster/status', '/cluster/nextid']);
  });

  it('should describe the cluster and each node', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/status'));

    expect(response.body?.data).toEqual([
      { type: 'cluster', id: 'cluster', name: 'homelab', nodes: 3, version: 4, quorate: 1 },
      {
        type: 'node',
        id: 'node/pve1',
        name: 'pve1',
        nodeid: 1,
        ip: '192.168.1.11',
        local: 1,
        online: 1,
        level: '',
      },
      {
        type: 'node',
        id: 'node/pve2',
        name: 'pve2',
        nodeid: 2,
        ip: '192.168.1.12',
        local: 0,
        online: 1,
        level: '',
      },
      {
        type: 'node',
        id: 'node/pve3',
        name: 'pve3',
        nodeid: 3,
        ip: '192.168.1.13',
        local: 0,
        online: 1,
        level: '',
      },
    ]);
  });

  it('should stay quorate with one of three nodes offline, and lose quorum with two', async () => {
    sut.faults.configure({ nodes: [{ node: 'pve3', kind: 'offline' }] });
    const oneDown = (await callApi(sut, 'GET', api('/cluster/status'))).body?.data as Array<
      Record<string, unknown>
    >;
    sut.faults.configure({
      nodes: [
        { node: 'pve2', kind: 'offline' },
        { node: 'pve3', kind: 'offline' },
      ],
    });
    const twoDown = (await callApi(sut, 'GET', api('/cluster/status'))).body?.data as Array<
      Record<string, unknown>
    >;

    expect(oneDown[0]).toMatchObject({ quorate: 1 });
    expect(oneDown[3]).toMatchObject({ online: 0 });
    expect(twoDown[0]).toMatchObject({ quorate: 0 });
  });

  it('should answer the lowest free vmid, as text like PVE', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/nextid'));

    expect(response.body?.data).toBe('108');
  });

  it('should confirm a free vmid', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/nextid?vmid=150'));

    expect(response.body?.data).toBe('150');
  });

  it('should answer 400 "VM 100 already exists" for a taken vmid', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/nextid?vmid=100'));

    expect(response.status).toBe(400);
    expect(response.body?.errors).toEqual({ vmid: 'VM 100 already exists' });
  });
});
