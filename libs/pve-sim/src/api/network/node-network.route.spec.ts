import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

type Entry = Record<string, unknown>;

describe('node network route', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        users: [{ userid: 'net@pve' }],
        tokens: [{ tokenId: 'net@pve!tk', secret: 'net', privsep: false }],
        acl: [{ path: '/sdn/zones/localnetwork/vmbr1', role: 'PVESDNUser', user: 'net@pve' }],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it("should list the node's interfaces sorted by name", async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/network'));

    expect((response.body?.data as Entry[]).map((entry) => [entry['iface'], entry['type']])).toEqual([
      ['bond0', 'bond'],
      ['eno1', 'eth'],
      ['eno2', 'eth'],
      ['vmbr0', 'bridge'],
    ]);
  });

  it('should describe a bridge with its address, ports and VLAN awareness', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/network?type=bridge'));

    expect(response.body?.data).toEqual([
      expect.objectContaining({
        iface: 'vmbr0',
        method: 'static',
        cidr: '192.168.1.11/24',
        address: '192.168.1.11',
        netmask: '24',
        gateway: '192.168.1.1',
        bridge_ports: 'bond0',
        bridge_vlan_aware: 1,
        active: 1,
        autostart: 1,
      }),
    ]);
  });

  it('should show only the bridges a caller may use', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve3/network?type=any_bridge'), {
      authorization: 'PVEAPIToken=net@pve!tk=net',
    });

    expect((response.body?.data as Entry[]).map((entry) => entry['iface'])).toEqual(['vmbr1']);
  });
});
