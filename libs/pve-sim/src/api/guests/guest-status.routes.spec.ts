import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { guestStatusRoutes } from './guest-status.routes';

describe('guest status routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should serve status/current for both guest types', () => {
    expect(guestStatusRoutes.map((route) => route.path)).toEqual([
      '/nodes/{node}/qemu/{vmid}/status/current',
      '/nodes/{node}/lxc/{vmid}/status/current',
    ]);
  });

  it('should report a running VM with its HA state and agent flag', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/100/status/current'));

    expect(response.body?.data).toMatchObject({
      vmid: 100,
      name: 'web-01',
      status: 'running',
      qmpstatus: 'running',
      ha: { managed: 0 },
      agent: 1,
    });
  });

  it('should report a stopped container', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve3/lxc/221/status/current'));

    expect(response.body?.data).toMatchObject({
      vmid: 221,
      status: 'stopped',
      uptime: 0,
      ha: { managed: 0 },
    });
  });

  it('should answer 500 "Configuration file … does not exist" for an unknown vmid', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/999/status/current'));

    expect(response.status).toBe(500);
    expect(response.statusText).toBe("Configuration file 'nodes/pve1/qemu-server/999.conf' does not exist");
  });

  it('should not find a container through the qemu path', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/200/status/current'));

    expect(response.statusText).toBe("Configuration file 'nodes/pve1/qemu-server/200.conf' does not exist");
  });

  it('should not find a guest through another node', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve2/lxc/200/status/current'));

    expect(response.statusText).toBe("Configuration file 'nodes/pve2/lxc/200.conf' does not exist");
  });
});
