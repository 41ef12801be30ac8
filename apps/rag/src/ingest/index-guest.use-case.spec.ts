import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { knowledgeParts } from '../__tests__/knowledge-fixture';
import { IndexGuestUseCase } from './index-guest.use-case';

const guest: InventoryGuest = {
  vmid: 120,
  name: 'ledger-db',
  node: 'pve1',
  type: 'qemu',
  status: 'running',
  template: false,
  cpus: 2,
  memoryBytes: 4 * 1024 ** 3,
  diskBytes: 32 * 1024 ** 3,
  uptimeSeconds: 60,
  tags: ['db'],
  config: {
    description: 'Holds the accounting ledger',
    cores: '2',
    net0: 'virtio=AA:BB:CC:DD:EE:FF,bridge=vmbr0',
  },
};

describe(IndexGuestUseCase.name, () => {
  it('should describe a guest in words, cited by cluster, node and VMID', async () => {
    const { indexer, store } = knowledgeParts();

    await new IndexGuestUseCase(indexer).upsert('homelab', guest);

    const [chunk] = store.rows.values();
    expect(chunk).toMatchObject({
      citation: 'homelab/pve1/120',
      kind: 'inventory',
      source: 'inventory.homelab',
      node: 'pve1',
      vmid: 120,
      guestName: 'ledger-db',
    });
    expect(chunk?.body).toContain(
      'ledger-db is a virtual machine (qemu 120) on node pve1 of cluster homelab, status running.',
    );
    expect(chunk?.body).toContain('Description: Holds the accounting ledger');
    expect(chunk?.body).toContain('bridge=vmbr0');
  });

  it('should keep one document when the guest migrates, cited on its new node', async () => {
    const { indexer, store } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer);
    await sut.upsert('homelab', guest);

    await sut.upsert('homelab', { ...guest, node: 'pve2' });

    expect([...store.rows.values()].map((chunk) => chunk.citation)).toEqual(['homelab/pve2/120']);
    expect(store.documents.size).toBe(1);
  });

  it('should not rewrite a guest whose uptime alone changed', async () => {
    const { indexer, store } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer);
    await sut.upsert('homelab', guest);

    await sut.upsert('homelab', { ...guest, uptimeSeconds: 7_200 });

    expect(store.writes).toHaveLength(1);
  });

  it('should index the changes that come in together as one write, each guest as last announced', async () => {
    const { indexer, store } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer);
    await sut.upsert('homelab', { ...guest, vmid: 130, name: 'gone-soon' });
    const revisionBefore = await store.revision();

    await Promise.all([
      sut.upsert('homelab', guest),
      sut.upsert('homelab', { ...guest, vmid: 121, name: 'ledger-replica' }),
      sut.upsert('homelab', { ...guest, node: 'pve2' }),
      sut.remove('homelab', 130),
    ]);

    expect([...store.rows.values()].map((chunk) => chunk.citation).sort()).toEqual([
      'homelab/pve1/121',
      'homelab/pve2/120',
    ]);
    // One revision for the removal and one for both upserts, not one per change.
    expect(Number(await store.revision()) - Number(revisionBefore)).toBe(2);
  });

  it('should forget a deleted guest', async () => {
    const { indexer, store } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer);
    await sut.upsert('homelab', guest);

    await sut.remove('homelab', 120);

    expect(store.rows.size).toBe(0);
  });
});
