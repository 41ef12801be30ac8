import { SerialBatcher } from './serial-batcher';

describe(SerialBatcher.name, () => {
  it('runs what is handed over in one turn as one batch, and settles every caller with it', async () => {
    const batches: number[][] = [];
    const batcher = new SerialBatcher<number>(async (items) => void batches.push(items));

    await Promise.all([1, 2, 3].map((item) => batcher.add(item)));

    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('runs one batch at a time, gathering what comes in meanwhile into the next', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    let running = 0;
    let mostAtOnce = 0;
    const batcher = new SerialBatcher<number>(async (items) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      batches.push(items);
      if (items[0] === 1) await new Promise<void>((resolve) => (release = resolve));
      running -= 1;
    });

    const first = batcher.add(1);
    while (batches.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => batcher.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);

    release();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(mostAtOnce).toBe(1);
  });

  it('fails the callers of a failed batch only, and goes on with the next', async () => {
    const batcher = new SerialBatcher<string>(async (items) => {
      if (items.includes('bad')) throw new Error('database away');
    });

    const failed = Promise.all([batcher.add('good'), batcher.add('bad')]);
    await expect(failed).rejects.toThrow('database away');
    await expect(batcher.add('next')).resolves.toBeUndefined();
  });
});
