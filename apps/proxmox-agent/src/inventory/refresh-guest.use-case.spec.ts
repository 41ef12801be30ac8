import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { InMemoryInventory } from '../__tests__/in-memory-inventory';
import { SimulatedCluster } from '../__tests__/simulated-cluster';
import { RefreshGuestUseCase } from './refresh-guest.use-case';

const TARGET = 'homelab';
const operation: Origin = {
  correlationId: 'operation-42',
  causationId: '5a3c1a5e-5d1c-4c1e-9a59-3c1c1c1c1c1c',
  actor: { kind: 'agent', id: 'token:ci' },
  target: TARGET,
};

describe(RefreshGuestUseCase.name, () => {
  let cluster: SimulatedCluster;
  let inventory: InMemoryInventory;
  let sut: RefreshGuestUseCase;

  beforeEach(async () => {
    cluster = await SimulatedCluster.start();
    inventory = new InMemoryInventory(cluster.targets);
    sut = inventory.refreshGuest;
    await inventory.syncInventory.execute({ target: TARGET, mode: 'full', origin: operation });
  });

  afterEach(async () => {
    await cluster.stop();
  });

  it('should record the change under the operation that caused it', async () => {
    cluster.guest(100).status = 'stopped';
    const before = inventory.outbox.added.length;

    const refreshed = await sut.execute({ target: TARGET, vmid: 100, origin: operation });

    expect(refreshed?.status).toBe('stopped');
    const [updated] = inventory.outbox.added.slice(before);
    expect(updated?.envelope).toMatchObject({
      correlationId: operation.correlationId,
      causationId: operation.causationId,
      actor: operation.actor,
      data: {
        guests: [
          { guest: { vmid: 100 }, changes: [{ field: 'status', before: 'running', after: 'stopped' }] },
        ],
      },
    });
  });

  it('should record a guest that is gone as deleted, as no pass of the inventory', async () => {
    cluster.simulator.state.removeGuest(200);

    expect(await sut.execute({ target: TARGET, vmid: 200, origin: operation })).toBeUndefined();
    const deleted = inventory.outbox.dataOf(Subjects.proxmoxInventoryGuestsDeleted);
    expect(deleted.flatMap((event) => event.guests.map((guest) => guest.vmid))).toEqual([200]);
    expect(deleted.map((event) => event.pass)).toEqual([undefined]);
    expect(await inventory.guests.find(TARGET, 200)).toBeUndefined();
  });

  it('should record a located guest from its own status exactly as a pass would', async () => {
    const guest = cluster.guest(101);
    guest.status = 'stopped';
    guest.config['tags'] = 'refreshed;web';

    const refreshed = await sut.execute({
      target: TARGET,
      vmid: 101,
      origin: operation,
      location: { node: 'pve1', type: 'qemu' },
    });

    expect(refreshed).toMatchObject({ status: 'stopped', tags: ['refreshed', 'web'] });
    const synced = await inventory.syncInventory.execute({ target: TARGET, mode: 'full', origin: operation });
    expect(synced).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  });

  it('should record a located guest that moved at its new node', async () => {
    cluster.guest(201).node = 'pve3';

    const refreshed = await sut.execute({
      target: TARGET,
      vmid: 201,
      origin: operation,
      location: { node: 'pve3', type: 'lxc' },
    });

    expect(refreshed?.node).toBe('pve3');
    expect((await inventory.guests.find(TARGET, 201))?.node).toBe('pve3');
  });

  it('should record a located guest that is gone as deleted', async () => {
    cluster.simulator.state.removeGuest(104);

    const refreshed = await sut.execute({
      target: TARGET,
      vmid: 104,
      origin: operation,
      location: { node: 'pve1', type: 'qemu' },
    });

    expect(refreshed).toBeUndefined();
    expect(await inventory.guests.find(TARGET, 104)).toBeUndefined();
  });
});
