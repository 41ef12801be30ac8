import { api, callApi } from '../__tests__/sim-http';
import { PveSimulator } from '../simulator/pve-simulator';
import { LARGE_GUEST_COUNT, LARGE_NODE_COUNT, largeInventory } from './large';

describe(largeInventory.name, () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('should build the same cluster every time', () => {
    expect(largeInventory(now)).toEqual(largeInventory(now));
  });

  it('should have 20 nodes and 10,000 guests with unique vmids and names', () => {
    const { nodes, guests } = largeInventory(now);
    const names = guests.map((guest) => guest.config['name'] ?? guest.config['hostname']);

    expect(nodes).toHaveLength(LARGE_NODE_COUNT);
    expect(guests).toHaveLength(LARGE_GUEST_COUNT);
    expect(new Set(guests.map((guest) => guest.vmid)).size).toBe(LARGE_GUEST_COUNT);
    expect(new Set(names).size).toBe(LARGE_GUEST_COUNT);
  });

  it('should mix VMs and containers, running and stopped guests, and templates', () => {
    const { guests } = largeInventory(now);
    const share = (predicate: (guest: (typeof guests)[number]) => boolean) =>
      guests.filter(predicate).length / guests.length;

    expect(share((guest) => guest.type === 'qemu')).toBeGreaterThan(0.6);
    expect(share((guest) => guest.type === 'lxc')).toBeGreaterThan(0.25);
    expect(share((guest) => guest.status === 'running')).toBeGreaterThan(0.6);
    expect(share((guest) => guest.status === 'stopped')).toBeGreaterThan(0.1);
    expect(guests.filter((guest) => guest.config['template'] === '1')).toHaveLength(40);
  });

  it('should put every guest in a pool', () => {
    const { guests, pools = [] } = largeInventory(now);
    const pooled = new Set(pools.flatMap((pool) => pool.vms ?? []));

    expect(guests.every((guest) => pooled.has(guest.vmid))).toBe(true);
  });

  // CPU time, not wall time: parallel test workers share the CPU. Alone it takes about 0.2 s.
  it('should be built well within a second of CPU time', () => {
    const started = process.cpuUsage();
    largeInventory(now);
    const used = process.cpuUsage(started);

    expect((used.user + used.system) / 1_000).toBeLessThan(600);
  });
});

describe('large scenario over HTTP', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({ scenario: 'large' });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should list all 10,000 guests in /cluster/resources quickly', async () => {
    const started = performance.now();
    const response = await callApi(sut, 'GET', api('/cluster/resources?type=vm'));
    const elapsed = performance.now() - started;

    expect((response.body?.data as unknown[]).length).toBe(LARGE_GUEST_COUNT);
    // About 0.2 s alone; the bound leaves room for test workers sharing the CPU.
    expect(elapsed).toBeLessThan(4_000);
  });

  it("should give a team's lead administration of its pool", async () => {
    const response = await callApi(
      sut,
      'GET',
      api('/access/permissions?userid=payments-lead@pve&path=/pool/payments'),
    );

    expect(response.body?.data).toEqual({ '/pool/payments': expect.objectContaining({ 'VM.Allocate': 1 }) });
  });

  it('should answer the status of the 20-node cluster', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/status'));

    expect(response.body?.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'cluster', name: 'prod-eu-1', nodes: 20, quorate: 1 }),
      ]),
    );
  });
});
