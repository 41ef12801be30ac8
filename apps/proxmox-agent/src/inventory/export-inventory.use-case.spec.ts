import { InventoryExportQuery, type InventoryExportResponse } from '@proxmox-mpc/contracts';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { ExportInventoryUseCase } from './export-inventory.use-case';

describe(ExportInventoryUseCase.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let sut: ExportInventoryUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    inventory = new InMemoryInventory(cluster.targets);
    sut = new ExportInventoryUseCase(cluster.targets, inventory.freshness, inventory.guests);
  });

  afterEach(async () => {
    await inventory.sync.stop();
    await cluster.stop();
  });

  it('should export every guest with its config, page by page in VMID order', async () => {
    const pages: InventoryExportResponse[] = [];
    let afterVmid: number | undefined;
    do {
      const page = InventoryExportQuery.response.parse(await sut.execute({ limit: 10, afterVmid }));
      pages.push(page);
      afterVmid = page.nextAfterVmid;
    } while (afterVmid !== undefined);

    const total = cluster.vmids().length;
    expect(pages.map((page) => page.guests.length)).toEqual(
      Array.from({ length: Math.ceil(total / 10) }, (_, index) => Math.min(10, total - index * 10)),
    );
    const exported = pages.flatMap((page) => page.guests);
    expect(exported.map((guest) => guest.vmid)).toEqual(cluster.vmids());
    expect(exported[0]?.config).toEqual(cluster.guest(100).config);
  });

  it('should end a page of large configs early, so it fits one message, and go on from there', async () => {
    // Larger than PVE lets a description be through its API: a few guests fill a message.
    for (const vmid of cluster.vmids()) cluster.guest(vmid).config.description = 'd'.repeat(40_000);

    const pages: InventoryExportResponse[] = [];
    let afterVmid: number | undefined;
    do {
      const page = await sut.execute({ afterVmid });
      pages.push(page);
      afterVmid = page.nextAfterVmid;
    } while (afterVmid !== undefined);

    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(512 * 1024);
    expect(pages.flatMap((page) => page.guests.map((guest) => guest.vmid))).toEqual(cluster.vmids());
  });

  it('should say no page follows the last one', async () => {
    const page = await sut.execute({ afterVmid: 220 });

    expect(page.guests.map((guest) => guest.vmid)).toEqual([221, 9000, 9001]);
    expect(page.nextAfterVmid).toBeUndefined();
  });

  it('should answer from the stored inventory without a sync when asked for it as stored', async () => {
    await expect(sut.execute({ storedOnly: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `the inventory of target "${cluster.targets.resolve(undefined).name}" has not been synced yet`,
    });
    const first = await sut.execute({ limit: 1 });
    cluster.guest(100).config.description = 'changed after the sync';
    inventory.clock.advance(3_600_000);

    const stored = await sut.execute({ limit: 1, storedOnly: true });

    expect(stored).toMatchObject({ source: 'inventory', syncedAt: first.syncedAt, ageMs: 3_600_000 });
    expect(stored.guests).toEqual(first.guests);
    expect(stored.guests[0]?.config.description).not.toBe('changed after the sync');
  });
});
