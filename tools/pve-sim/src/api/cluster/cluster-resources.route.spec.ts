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

  it('should list guests, nodes, storages and SDN zones without a type', async () => {
    const types = new Set((await resources()).map((resource) => resource['type']));

    expect([...types].sort()).toEqual(['lxc', 'node', 'qemu', 'sdn', 'storage']);
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
