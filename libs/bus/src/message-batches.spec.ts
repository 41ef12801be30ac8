import { batchesForMessages, MESSAGE_BATCH_MAX_BYTES } from './message-batches';

describe('batchesForMessages', () => {
  const item = (id: number, chars: number) => ({ id, text: 'x'.repeat(chars) });

  it('should keep items in order, each batch within the budget', () => {
    const items = Array.from({ length: 50 }, (_, index) => item(index, 80 + (index % 7) * 30));

    const batches = batchesForMessages(items, 1_000);

    expect(batches.flat()).toEqual(items);
    expect(batches.length).toBeGreaterThan(5);
    for (const batch of batches) expect(JSON.stringify(batch).length).toBeLessThanOrEqual(1_000);
  });

  it('should count bytes, not characters: text beyond ASCII takes more room', () => {
    const items = Array.from({ length: 10 }, (_, index) => ({ id: index, text: 'é'.repeat(100) }));

    const batches = batchesForMessages(items, 1_000);

    expect(batches.length).toBeGreaterThan(2);
    for (const batch of batches) expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(1_000);
  });

  it('should send an item larger than the budget on its own, between the others', () => {
    const items = [item(1, 10), item(2, 5_000), item(3, 10)];

    expect(batchesForMessages(items, 1_000).map((batch) => batch.map(({ id }) => id))).toEqual([
      [1],
      [2],
      [3],
    ]);
  });

  it('should give no batch for no items', () => {
    expect(batchesForMessages([])).toEqual([]);
  });

  it('should fit thousands of typical guests in a handful of messages, each within the budget', () => {
    const guests = Array.from({ length: 2_000 }, (_, index) => ({
      vmid: 100 + index,
      name: `web-${index}`,
      config: {
        cores: '2',
        memory: '2048',
        net0: 'virtio=BC:24:11:00:00:01,bridge=vmbr0',
        scsi0: 'local-lvm:vm-100-disk-0,size=32G',
      },
    }));

    const batches = batchesForMessages(guests);

    expect(batches.length).toBeLessThan(10);
    for (const batch of batches)
      expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(MESSAGE_BATCH_MAX_BYTES);
  });
});
