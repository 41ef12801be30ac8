import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { guestListRoutes } from './guest-list.routes';

type Entry = Record<string, unknown>;

describe('guest list routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  async function list(path: string): Promise<Entry[]> {
    return (await callApi(sut, 'GET', api(path))).body?.data as Entry[];
  }

  it('should serve the qemu and lxc lists of a node', () => {
    expect(guestListRoutes.map((route) => route.path)).toEqual(['/nodes/{node}/qemu', '/nodes/{node}/lxc']);
  });

  it('should list only the VMs of the requested node', async () => {
    const vms = await list('/nodes/pve1/qemu');

    expect(vms.map((vm) => vm['vmid']).sort()).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 9000]);
  });

  it('should list only the containers of the requested node', async () => {
    const cts = await list('/nodes/pve2/lxc');

    expect(cts.map((ct) => ct['name']).sort()).toEqual(['grafana', 'mqtt-broker', 'syncthing']);
  });

  it('should describe a running VM with its sizes, usage and tags', async () => {
    const vm = (await list('/nodes/pve1/qemu')).find((entry) => entry['vmid'] === 102);

    expect(vm).toMatchObject({
      status: 'running',
      name: 'db-01',
      cpus: 4,
      maxmem: 16 * 1024 ** 3,
      maxdisk: 200 * 1024 ** 3,
      tags: 'db;prod',
      pid: expect.any(Number),
      uptime: expect.any(Number),
    });
  });

  it('should mark templates with template 1', async () => {
    const template = (await list('/nodes/pve1/qemu')).find((entry) => entry['vmid'] === 9000);

    expect(template).toMatchObject({ name: 'debian-12-template', status: 'stopped', template: 1 });
  });

  it('should leave QMP details out unless full is asked for', async () => {
    const vm = (await list('/nodes/pve1/qemu')).find((entry) => entry['vmid'] === 100);

    expect(vm).not.toHaveProperty('qmpstatus');
  });

  it('should add QMP details of running VMs with full=1', async () => {
    const vm = (await list('/nodes/pve1/qemu?full=1')).find((entry) => entry['vmid'] === 100);

    expect(vm).toMatchObject({ qmpstatus: 'running', 'running-qemu': expect.any(String) });
  });

  it('should report a container root disk usage and swap size', async () => {
    const ct = (await list('/nodes/pve1/lxc')).find((entry) => entry['vmid'] === 200);

    expect(ct).toMatchObject({ name: 'pihole', maxswap: 512 * 1024 ** 2, disk: expect.any(Number) });
  });
});
