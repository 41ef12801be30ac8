import { LEDGER_GUEST as guest, knowledgeParts } from '../__tests__/knowledge-fixture';
import { inventorySource } from '../sources/inventory-source';
import { IndexGuestUseCase } from './index-guest.use-case';

describe(IndexGuestUseCase.name, () => {
  it('should describe a guest in words, cited by cluster, node and VMID', async () => {
    const { indexer, store, lanes } = knowledgeParts();

    await new IndexGuestUseCase(indexer, lanes).upsert('homelab', guest);

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
    const { indexer, store, lanes } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer, lanes);
    await sut.upsert('homelab', guest);

    await sut.upsert('homelab', { ...guest, node: 'pve2' });

    expect([...store.rows.values()].map((chunk) => chunk.citation)).toEqual(['homelab/pve2/120']);
    expect(store.documents.size).toBe(1);
  });

  it('should not rewrite a guest whose uptime alone changed', async () => {
    const { indexer, store, lanes } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer, lanes);
    await sut.upsert('homelab', guest);

    await sut.upsert('homelab', { ...guest, uptimeSeconds: 7_200 });

    expect(store.writes).toHaveLength(1);
  });

  it('should index the changes that come in together as one write, each guest as last announced', async () => {
    const { indexer, store, lanes } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer, lanes);
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
    const { indexer, store, lanes } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer, lanes);
    await sut.upsert('homelab', guest);

    await sut.remove('homelab', 120);

    expect(store.rows.size).toBe(0);
  });

  it("should index a cluster's guests only once a reconcile of that cluster under way has finished", async () => {
    const { indexer, store, lanes, ingestSource } = knowledgeParts();
    const sut = new IndexGuestUseCase(indexer, lanes);
    let listed!: () => void;
    const listing = new Promise<void>((resolve) => (listed = resolve));
    const order: string[] = [];
    const reconcile = ingestSource
      .execute({
        ...inventorySource('homelab'),
        list: async () => {
          await listing;
          return [];
        },
      })
      .then(() => order.push('reconciled'));

    const indexed = sut.upsert('homelab', guest).then(() => order.push('indexed'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waited = [...order];
    listed();
    await Promise.all([reconcile, indexed]);

    expect(waited).toEqual([]);
    expect(order).toEqual(['reconciled', 'indexed']);
    expect(store.documents.size).toBe(1);
  });
});
