import { dataOf } from '../../__tests__/sim-calls';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('guest pending and container interface routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should list every config key with its current value and nothing pending', async () => {
    const entries = (await dataOf(sut, 'GET', '/nodes/pve1/qemu/100/pending')) as Array<
      Record<string, string>
    >;

    expect(entries).toContainEqual({ key: 'memory', value: '4096' });
    expect(entries.some((entry) => entry['key'] === 'digest')).toBe(true);
    expect(entries.every((entry) => entry['pending'] === undefined && entry['delete'] === undefined)).toBe(
      true,
    );
  });

  it("should report a running container's interfaces, and null for a stopped one", async () => {
    const running = (await dataOf(sut, 'GET', '/nodes/pve1/lxc/200/interfaces')) as Array<
      Record<string, unknown>
    >;

    expect(running.map((entry) => entry['name'])).toEqual(['lo', 'eth0']);
    expect(running[1]).toMatchObject({
      hwaddr: 'bc:24:11:00:00:c8',
      inet: expect.stringMatching(/^192\.168\.1\.\d+\/24$/),
    });
    await expect(dataOf(sut, 'GET', '/nodes/pve2/lxc/211/interfaces')).resolves.toBeNull();
  });
});
