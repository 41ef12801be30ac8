import { dataOf, runTaskOk, send } from '../../__tests__/sim-calls';
import { requireGuest } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';

interface AgentInterface {
  name: string;
  'hardware-address': string;
  'ip-addresses': Array<{ 'ip-address-type': string; 'ip-address': string; prefix: number }>;
}

const PATH = (vmid: number) => `/nodes/pve1/qemu/${vmid}/agent/network-get-interfaces`;

describe('guest agent routes', () => {
  let sut: PveSimulator;

  beforeEach(async () => {
    sut = new PveSimulator({ taskDurationMs: 20, guestAgentDelayMs: 100 });
    await sut.start();
  });

  afterEach(() => sut.stop());

  const interfaces = async (vmid: number) =>
    ((await dataOf(sut, 'GET', PATH(vmid))) as { result: AgentInterface[] }).result;

  it("should answer QEMU's network-get-interfaces result wrapped in `result`", async () => {
    const result = await interfaces(100);

    expect(result.map((entry) => entry.name)).toEqual(['lo', 'ens18']);
    expect(result[1]).toMatchObject({
      'hardware-address': 'bc:24:11:00:00:64',
      'ip-addresses': [
        { 'ip-address-type': 'ipv4', 'ip-address': expect.stringMatching(/^192\.168\.1\.\d+$/), prefix: 24 },
        { 'ip-address-type': 'ipv6', 'ip-address': 'fe80::be24:11ff:fe00:64', prefix: 64 },
      ],
      statistics: expect.objectContaining({ 'rx-bytes': expect.any(Number) }),
    });
  });

  it('should hand the same DHCP address to the same VM every time', async () => {
    const first = await interfaces(100);

    await expect(interfaces(100)).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ 'ip-addresses': first[1]?.['ip-addresses'] })]),
    );
  });

  it('should report the static address from ipconfig0', async () => {
    requireGuest(sut, 100).config['ipconfig0'] = 'ip=10.20.0.15/24,gw=10.20.0.1';

    const [, ens18] = await interfaces(100);

    expect(ens18?.['ip-addresses'][0]).toEqual({
      'ip-address-type': 'ipv4',
      'ip-address': '10.20.0.15',
      prefix: 24,
    });
  });

  it('should answer "VM … is not running" for a stopped VM', async () => {
    const response = await send(sut, 'GET', PATH(106));

    expect(response).toMatchObject({ status: 500, statusText: 'VM 106 is not running' });
  });

  it('should answer "No QEMU guest agent configured" without an agent option', async () => {
    delete requireGuest(sut, 100).config['agent'];

    const response = await send(sut, 'GET', PATH(100));

    expect(response.statusText).toBe('No QEMU guest agent configured');
  });

  it('should answer "QEMU guest agent is not running" when the agent is disabled', async () => {
    requireGuest(sut, 100).config['agent'] = '0';

    const response = await send(sut, 'GET', PATH(100));

    expect(response.statusText).toBe('QEMU guest agent is not running');
  });

  it('should answer only once the agent has come up after a start', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/106/status/start');

    expect((await send(sut, 'GET', PATH(106))).statusText).toBe('QEMU guest agent is not running');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect((await send(sut, 'GET', PATH(106))).status).toBe(200);
  });

  it('should not answer while the VM is paused', async () => {
    await runTaskOk(sut, 'POST', '/nodes/pve1/qemu/100/status/suspend');

    expect((await send(sut, 'GET', PATH(100))).statusText).toBe('QEMU guest agent is not running');
  });
});
