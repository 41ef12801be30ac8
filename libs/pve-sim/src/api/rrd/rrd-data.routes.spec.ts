import { dataOf, send } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('RRD data routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  const series = async (path: string, params: Record<string, string>) =>
    (await dataOf(sut, 'GET', path, params)) as Array<Record<string, number>>;

  it("should answer a node's last hour at one point a minute, oldest first", async () => {
    const points = await series('/nodes/pve1/rrddata', { timeframe: 'hour' });

    expect(points).toHaveLength(60);
    expect((points[1]?.['time'] ?? 0) - (points[0]?.['time'] ?? 0)).toBe(60);
    expect(points[59]).toMatchObject({
      maxcpu: 16,
      memtotal: 64 * 1024 ** 3,
      cpu: expect.any(Number),
      netin: expect.any(Number),
    });
  });

  it('should use the PVE 9 resolutions: a week at 30 minutes', async () => {
    const points = await series('/nodes/pve1/rrddata', { timeframe: 'week' });

    expect(points).toHaveLength(336);
    expect((points[1]?.['time'] ?? 0) - (points[0]?.['time'] ?? 0)).toBe(1800);
  });

  it("should answer a guest's usage, idle while it was stopped", async () => {
    const running = await series('/nodes/pve1/qemu/100/rrddata', { timeframe: 'hour' });
    const stopped = await series('/nodes/pve1/qemu/106/rrddata', { timeframe: 'hour', cf: 'MAX' });

    expect(running.at(-1)).toMatchObject({ maxmem: 4096 * 1024 ** 2, mem: expect.any(Number) });
    expect((running.at(-1)?.['cpu'] ?? 0) > 0).toBe(true);
    expect(stopped.every((point) => point['cpu'] === 0)).toBe(true);
  });

  it('should read a guest by VMID from any node, as pmxcfs keeps every RRD everywhere', async () => {
    await expect(series('/nodes/pve3/lxc/200/rrddata', { timeframe: 'day' })).resolves.toHaveLength(1440);
  });

  it('should fail for a guest without an RRD file', async () => {
    const response = await send(sut, 'GET', '/nodes/pve1/qemu/999/rrddata', { timeframe: 'hour' });

    expect(response.body?.message).toBe(
      "RRD error: opening '/var/lib/rrdcached/db/pve-vm-9.0/999': No such file or directory\n",
    );
  });

  it('should refuse decade for a guest, which keeps a year', async () => {
    const response = await send(sut, 'GET', '/nodes/pve1/qemu/100/rrddata', { timeframe: 'decade' });

    expect(response.status).toBe(400);
  });
});
