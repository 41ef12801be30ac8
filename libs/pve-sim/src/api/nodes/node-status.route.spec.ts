import { dataOf } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('node status and disks routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  it("should report a node's CPU, memory, load, uptime, kernel and PVE version", async () => {
    await expect(dataOf(sut, 'GET', '/nodes/pve1/status')).resolves.toMatchObject({
      cpu: expect.any(Number),
      uptime: expect.any(Number),
      loadavg: [expect.stringMatching(/^\d+\.\d\d$/), expect.any(String), expect.any(String)],
      cpuinfo: { cpus: 16, sockets: 1, cores: 8 },
      memory: { total: 64 * 1024 ** 3 },
      'current-kernel': { sysname: 'Linux', release: '6.14.11-4-pve' },
      pveversion: 'pve-manager/9.2.3/5d2e8c1a7f3b9046',
      'boot-info': { mode: 'efi' },
    });
  });

  it('should list the disks of a node, or only the unused ones', async () => {
    const all = (await dataOf(sut, 'GET', '/nodes/pve1/disks/list')) as Array<{
      devpath: string;
      used?: string;
    }>;
    const unused = (await dataOf(sut, 'GET', '/nodes/pve1/disks/list', { type: 'unused' })) as Array<{
      devpath: string;
    }>;

    expect(all.map((disk) => [disk.devpath, disk.used])).toEqual([
      ['/dev/nvme0n1', 'LVM'],
      ['/dev/sda', undefined],
    ]);
    expect(unused.map((disk) => disk.devpath)).toEqual(['/dev/sda']);
  });
});
