import type { ConnectionWatch } from '@proxmox-mpc/bus';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { InventoryView } from './inventory-view';

const TARGET = 'homelab';

/** A replica's connection to the bus, which the spec can break (it comes back as a new one). */
class FakeConnection implements ConnectionWatch {
  current: number | undefined = 1;

  unbrokenConnection(): number | undefined {
    return this.current;
  }
}

describe(InventoryView.name, () => {
  let cluster: SimulatedCluster;
  let connection: FakeConnection;
  /** The replica whose view is under test. */
  let here: InMemoryInventory;
  /** Another replica on the same stores: its writes reach `here` only by announcement. */
  let elsewhere: InMemoryInventory;
  let sut: InventoryView;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    connection = new FakeConnection();
    here = new InMemoryInventory(cluster.targets, { connection });
    elsewhere = new InMemoryInventory(cluster.targets, { shared: here });
    sut = here.view;
    await here.sync.syncOnce(TARGET, 'full');
  });

  afterEach(async () => {
    await here.sync.stop();
    await elsewhere.sync.stop();
    await cluster.stop();
  });

  const statusOf = async (vmid: number) =>
    (await sut.listGuests(TARGET)).find((guest) => guest.vmid === vmid)?.status;

  /** Guest 100 stopped in Proxmox and the stop recorded by the other replica. */
  const stoppedElsewhere = async () => {
    expect(await statusOf(100)).toBe('running');
    cluster.guest(100).status = 'stopped';
    await elsewhere.sync.syncOnce(TARGET, 'full');
  };

  it('should filter as the stores do, in VMID order', async () => {
    const stored = await here.guests.list(TARGET, { node: 'pve1', type: 'lxc' });

    expect(await sut.listGuests(TARGET, { node: 'pve1', type: 'lxc' })).toEqual(stored);
    expect((await sut.listGuests(TARGET, { selector: 'PVE1/*' })).map((guest) => guest.vmid)).toEqual(
      cluster.vmids((guest) => guest.node === 'pve1'),
    );
  });

  it('should answer a narrow query from the store while it holds nothing, without reading every guest', async () => {
    const reads = jest.spyOn(here.guests, 'list');

    expect((await sut.listGuests(TARGET, { selector: '100' })).map((guest) => guest.vmid)).toEqual([100]);

    expect(reads).toHaveBeenCalledWith(TARGET, { selector: '100' });
    expect(reads).not.toHaveBeenCalledWith(TARGET);
  });

  it("should list its own replica's writes at the next query", async () => {
    expect(await statusOf(100)).toBe('running');
    cluster.guest(100).status = 'stopped';

    await here.sync.syncOnce(TARGET, 'full');

    expect(await statusOf(100)).toBe('stopped');
  });

  it("should answer from memory while another replica's change is not announced", async () => {
    await stoppedElsewhere();

    expect(await statusOf(100)).toBe('running');
  });

  it("should list another replica's change at the next query once it is announced", async () => {
    await stoppedElsewhere();

    sut.forget();

    expect(await statusOf(100)).toBe('stopped');
  });

  it('should read again after its connection to the bus broke, when it may have missed the announcement', async () => {
    await stoppedElsewhere();

    connection.current = 2;

    expect(await statusOf(100)).toBe('stopped');
  });

  it('should keep nothing while it has no connection to the bus', async () => {
    connection.current = undefined;
    await stoppedElsewhere();

    expect(await statusOf(100)).toBe('stopped');
  });

  it('should read again once the trust period has passed, should an announcement be lost', async () => {
    await stoppedElsewhere();

    here.clock.advance(10_000);

    expect(await statusOf(100)).toBe('stopped');
  });
});
