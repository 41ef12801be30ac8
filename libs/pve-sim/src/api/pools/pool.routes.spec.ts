import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('pool routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        users: [{ userid: 'k8s@pve' }],
        tokens: [{ tokenId: 'k8s@pve!tk', secret: 'k8s', privsep: false }],
        acl: [{ path: '/pool/k8s', role: 'PVEPoolUser', user: 'k8s@pve' }],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should list the pools with their comments', async () => {
    const response = await callApi(sut, 'GET', api('/pools'));

    expect(response.body?.data).toEqual([
      { poolid: 'home' },
      { poolid: 'k8s', comment: 'Kubernetes cluster' },
      { poolid: 'prod', comment: 'Production web and database stack' },
    ]);
  });

  it('should list only the pools the caller may audit', async () => {
    const response = await callApi(sut, 'GET', api('/pools'), {
      authorization: 'PVEAPIToken=k8s@pve!tk=k8s',
    });

    expect(response.body?.data).toEqual([{ poolid: 'k8s', comment: 'Kubernetes cluster' }]);
  });

  it('should answer a pool with its members as the cluster resources show them', async () => {
    const response = await callApi(sut, 'GET', api('/pools/k8s'));

    expect(response.body?.data).toEqual({
      poolid: 'k8s',
      comment: 'Kubernetes cluster',
      members: [
        expect.objectContaining({
          id: 'qemu/112',
          vmid: 112,
          node: 'pve2',
          type: 'qemu',
          name: 'k8s-master-01',
        }),
        expect.objectContaining({ id: 'qemu/113' }),
        expect.objectContaining({ id: 'qemu/114' }),
      ],
    });
  });

  it('should filter members by type', async () => {
    const response = await callApi(sut, 'GET', api('/pools?poolid=home&type=lxc'));
    const [pool] = response.body?.data as Array<{ members: Array<{ type: string }> }>;

    expect(new Set(pool?.members.map((member) => member.type))).toEqual(new Set(['lxc']));
  });

  it('should require poolid with type', async () => {
    const response = await callApi(sut, 'GET', api('/pools?type=lxc'));

    expect(response.body?.errors).toEqual({ poolid: "missing property required by 'type'" });
  });

  it('should answer 403 for a pool the caller may not audit', async () => {
    const response = await callApi(sut, 'GET', api('/pools/prod'), {
      authorization: 'PVEAPIToken=k8s@pve!tk=k8s',
    });

    expect(response.statusText).toBe('Permission check failed (/pool/prod, Pool.Audit)');
  });

  it('should answer 500 for a pool that does not exist', async () => {
    const response = await callApi(sut, 'GET', api('/pools/nope'));

    expect(response).toMatchObject({ status: 500, statusText: "pool 'nope' does not exist" });
  });
});
