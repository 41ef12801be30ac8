import { DEFAULT_SIM_TOKEN, PveSimulator } from '../__tests__/simulator';
import { PveClient } from './pve-client';

const TOKEN = {
  kind: 'token',
  tokenId: DEFAULT_SIM_TOKEN.tokenId,
  secret: DEFAULT_SIM_TOKEN.secret,
} as const;

describe(`${PveClient.name} cluster, storage, network and pools`, () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeAll(async () => {
    simulator = new PveSimulator();
    sut = new PveClient({ baseUrl: await simulator.start(), auth: TOKEN });
  });

  afterAll(async () => {
    await sut.close();
    await simulator.stop();
  });

  it('should read the cluster status', async () => {
    const status = await sut.clusterStatus();

    expect(status[0]).toEqual({
      type: 'cluster',
      id: 'cluster',
      name: 'homelab',
      nodes: 3,
      version: 4,
      quorate: 1,
    });
    expect(status.filter((entry) => entry.type === 'node').map((entry) => entry.name)).toEqual([
      'pve1',
      'pve2',
      'pve3',
    ]);
  });

  it('should answer the next free vmid as a number', async () => {
    await expect(sut.nextVmid()).resolves.toBe(108);
  });

  it('should confirm a free vmid and refuse a taken one', async () => {
    await expect(sut.nextVmid(150)).resolves.toBe(150);
    await expect(sut.nextVmid(100)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      errors: { vmid: 'VM 100 already exists' },
    });
  });

  it('should list the storage configuration', async () => {
    const storages = await sut.storages();

    expect(storages.map((storage) => [storage.storage, storage.type])).toEqual([
      ['local', 'dir'],
      ['local-lvm', 'lvmthin'],
    ]);
  });

  it("should list a node's storages that hold a content type", async () => {
    const storages = await sut.storages('pve1', { content: ['images'] });

    expect(storages).toEqual([
      expect.objectContaining({ storage: 'local-lvm', active: 1, total: expect.any(Number) }),
    ]);
  });

  it("should read one storage's status", async () => {
    await expect(sut.storageStatus('pve1', 'local')).resolves.toMatchObject({ type: 'dir', enabled: 1 });
  });

  it('should list ISO images by volid', async () => {
    const isos = await sut.storageContent('pve1', 'local', { content: 'iso' });

    expect(isos.map((volume) => volume.volid)).toContain('local:iso/debian-12.9.0-amd64-netinst.iso');
  });

  it("should list a guest's disks", async () => {
    const disks = await sut.storageContent('pve1', 'local-lvm', { vmid: 100 });

    expect(disks).toEqual([
      expect.objectContaining({ volid: 'local-lvm:vm-100-disk-0', content: 'images', vmid: 100 }),
    ]);
  });

  it('should refuse a storage id PVE would refuse, before any request', async () => {
    await expect(sut.storageContent('pve1', '../etc', { content: 'iso' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      errors: { storage: expect.any(String) },
    });
  });

  it("should list a node's bridges", async () => {
    const bridges = await sut.networks('pve3', 'any_bridge');

    expect(bridges.map((bridge) => bridge.iface)).toEqual(['vmbr0', 'vmbr1']);
  });

  it('should list pools and read one with its members', async () => {
    const pools = await sut.pools();
    const k8s = await sut.pool('k8s');

    expect(pools.map((pool) => pool.poolid)).toEqual(['home', 'k8s', 'prod']);
    expect(k8s.members.map((member) => member.id)).toEqual(['qemu/112', 'qemu/113', 'qemu/114']);
  });
});

describe(`${PveClient.name} against the large scenario`, () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeAll(async () => {
    simulator = new PveSimulator({ scenario: 'large' });
    sut = new PveClient({ baseUrl: await simulator.start(), auth: TOKEN });
  });

  afterAll(async () => {
    await sut.close();
    await simulator.stop();
  });

  it('should list 10,000 guests on 20 nodes', async () => {
    const [guests, nodes] = await Promise.all([sut.clusterResources('vm'), sut.nodes()]);

    expect(guests).toHaveLength(10_000);
    expect(nodes).toHaveLength(20);
    expect(new Set(guests.map((guest) => guest.node)).size).toBe(20);
  });

  it('should read every guest list of every node under the concurrency cap', async () => {
    const nodes = await sut.nodes();
    simulator.stats.reset();

    const lists = await Promise.all(
      nodes.flatMap((node) => [sut.listGuests(node.node, 'qemu'), sut.listGuests(node.node, 'lxc')]),
    );

    expect(lists.flat()).toHaveLength(10_000);
    expect(simulator.stats.snapshot().maxInFlight).toBeLessThanOrEqual(8);
  });
});
