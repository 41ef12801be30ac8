import { api, callApi, powerAndWait } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { clusterResourcesRoute } from './cluster-resources.route';

type Resource = Record<string, unknown>;

describe('cluster resources route', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 10 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  async function resources(query = ''): Promise<Resource[]> {
    return (await callApi(sut, 'GET', api(`/cluster/resources${query}`))).body?.data as Resource[];
  }

  it(`should serve ${clusterResourcesRoute.path}`, () => {
    expect(clusterResourcesRoute.path).toBe('/cluster/resources');
  });

  it('should list pools, guests, nodes, storages and SDN zones without a type', async () => {
    const types = new Set((await resources()).map((resource) => resource['type']));

    expect([...types].sort()).toEqual(['lxc', 'node', 'pool', 'qemu', 'sdn', 'storage']);
  });

  it('should list pools first, with the usage of their running guests', async () => {
    const all = await resources();

    expect(all[0]).toMatchObject({ id: '/pool/home', pool: 'home', type: 'pool' });
    expect(all.find((resource) => resource['id'] === '/pool/prod')).toMatchObject({
      maxcpu: 2 + 2 + 4 + 2 + 1 + 2 + 4,
      uptime: expect.any(Number),
      mem: expect.any(Number),
    });
  });

  it('should list only guests for type vm', async () => {
    const types = new Set((await resources('?type=vm')).map((resource) => resource['type']));

    expect([...types].sort()).toEqual(['lxc', 'qemu']);
  });

  it('should give every guest an id of the form <type>/<vmid>', async () => {
    const ids = (await resources('?type=vm')).map((resource) => resource['id']);

    expect(ids).toEqual(expect.arrayContaining(['qemu/100', 'lxc/200', 'qemu/9000']));
  });

  it('should describe a VM with its node, sizes, usage, template flag and tags', async () => {
    const vm = (await resources('?type=vm')).find((resource) => resource['id'] === 'qemu/100');

    expect(vm).toEqual({
      id: 'qemu/100',
      vmid: 100,
      node: 'pve1',
      type: 'qemu',
      status: 'running',
      name: 'web-01',
      template: 0,
      tags: 'prod;web',
      pool: 'prod',
      uptime: expect.any(Number),
      maxcpu: 2,
      cpu: expect.any(Number),
      maxmem: 4 * 1024 ** 3,
      mem: expect.any(Number),
      memhost: expect.any(Number),
      maxdisk: 32 * 1024 ** 3,
      disk: 0,
      netin: expect.any(Number),
      netout: expect.any(Number),
      diskread: expect.any(Number),
      diskwrite: expect.any(Number),
    });
  });

  it('should mark templates with template 1', async () => {
    const template = (await resources('?type=vm')).find((resource) => resource['vmid'] === 9000);

    expect(template).toMatchObject({ template: 1, name: 'debian-12-template' });
  });

  it('should list vms in the string order of their vmids, as PVE does', async () => {
    const vmids = (await resources('?type=vm')).map((resource) => String(resource['vmid']));

    expect(vmids).toEqual([...vmids].sort());
  });

  it('should give each node a node/<name> entry', async () => {
    const nodes = await resources('?type=node');

    expect(nodes.map((node) => [node['id'], node['status']])).toEqual([
      ['node/pve1', 'online'],
      ['node/pve2', 'online'],
      ['node/pve3', 'online'],
    ]);
  });

  it('should list local and local-lvm storage per node', async () => {
    const ids = (await resources('?type=storage')).map((storage) => storage['id']);

    expect(ids).toEqual([
      'storage/pve1/local',
      'storage/pve1/local-lvm',
      'storage/pve2/local',
      'storage/pve2/local-lvm',
      'storage/pve3/local',
      'storage/pve3/local-lvm',
    ]);
  });

  it('should report storage content types sorted and comma-separated', async () => {
    const local = (await resources('?type=storage')).find(
      (storage) => storage['id'] === 'storage/pve1/local',
    );

    expect(local).toMatchObject({ content: 'backup,iso,vztmpl', plugintype: 'dir', shared: 0 });
  });

  it('should reflect a guest that was started', async () => {
    await powerAndWait(sut, '/nodes/pve1/qemu/106/status/start');

    const vm = (await resources('?type=vm')).find((resource) => resource['vmid'] === 106);

    expect(vm).toMatchObject({ status: 'running' });
  });
});

describe('cluster resources route with an offline node', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({ faults: { nodes: [{ node: 'pve2', kind: 'offline' }] } });
    await sut.start();
  });

  afterAll(() => sut.stop());

  async function resources(query = ''): Promise<Resource[]> {
    return (await callApi(sut, 'GET', api(`/cluster/resources${query}`))).body?.data as Resource[];
  }

  it('should report the node offline without usage figures', async () => {
    const node = (await resources('?type=node')).find((resource) => resource['node'] === 'pve2');

    expect(node).toEqual({
      id: 'node/pve2',
      node: 'pve2',
      type: 'node',
      status: 'offline',
      'cgroup-mode': 2,
    });
  });

  it("should report the node's guests with status unknown and no statistics", async () => {
    const vm = (await resources('?type=vm')).find((resource) => resource['vmid'] === 111);

    expect(vm).toEqual({
      id: 'qemu/111',
      vmid: 111,
      node: 'pve2',
      type: 'qemu',
      status: 'unknown',
      tags: 'db;prod;replica',
      pool: 'prod',
    });
  });

  it("should report the node's storages with status unknown", async () => {
    const storage = (await resources('?type=storage')).find(
      (resource) => resource['id'] === 'storage/pve2/local',
    );

    expect(storage).toMatchObject({ status: 'unknown' });
    expect(storage).not.toHaveProperty('maxdisk');
  });
});

describe('cluster resources route with restricted rights', () => {
  let sut: PveSimulator;
  const token = { tokenId: 'web@pve!ro', secret: 'ro-secret', privsep: false };

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        tokens: [token],
        acl: [
          { path: '/vms/100', role: 'PVEAuditor', user: 'web@pve' },
          { path: '/vms/101', role: 'PVEAuditor', user: 'web@pve' },
        ],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should list only the guests the caller may audit, and no pools, storages or zones', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/resources'), {
      authorization: `PVEAPIToken=${token.tokenId}=${token.secret}`,
    });
    const data = response.body?.data as Resource[];

    expect(data.filter((resource) => resource['type'] !== 'node').map((resource) => resource['id'])).toEqual([
      'qemu/100',
      'qemu/101',
    ]);
  });

  it('should show nodes without usage figures to a caller without Sys.Audit', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/resources?type=node'), {
      authorization: `PVEAPIToken=${token.tokenId}=${token.secret}`,
    });
    const [node] = response.body?.data as Resource[];

    expect(node).toEqual({
      id: 'node/pve1',
      node: 'pve1',
      type: 'node',
      status: 'online',
      level: '',
      'cgroup-mode': 2,
    });
  });

  it('should hide the pool of a guest from a caller without Pool.Audit', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/resources?type=vm'), {
      authorization: `PVEAPIToken=${token.tokenId}=${token.secret}`,
    });
    const [vm] = response.body?.data as Resource[];

    expect(vm).not.toHaveProperty('pool');
  });
});
