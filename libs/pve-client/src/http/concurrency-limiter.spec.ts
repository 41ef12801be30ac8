import { ConcurrencyLimiter } from './concurrency-limiter';

describe(ConcurrencyLimiter.name, () => {
  function deferred() {
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    return { promise, resolve };
  }

  it('should run at most the limit at once and start the rest in arrival order', async () => {
    const sut = new ConcurrencyLimiter(2);
    const started: number[] = [];
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const runs = gates.map((gate, index) =>
      sut.run(async () => {
        started.push(index);
        await gate.promise;
      }),
    );
    await Promise.resolve();

    expect(started).toEqual([0, 1]);
    expect(sut.queued).toBe(2);

    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);

    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(sut.active).toBe(0);
  });

  it('should free the slot when a task fails', async () => {
    const sut = new ConcurrencyLimiter(1);

    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('should drop a waiting task whose signal aborts', async () => {
    const sut = new ConcurrencyLimiter(1);
    const gate = deferred();
    const first = sut.run(() => gate.promise);
    const controller = new AbortController();
    const waiting = sut.run(() => Promise.resolve('never'), controller.signal);

    controller.abort(new Error('cancelled'));

    await expect(waiting).rejects.toThrow('cancelled');
    expect(sut.queued).toBe(0);
    gate.resolve();
    await first;
  });

  it('should refuse a limit below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(/maxConcurrency/);
  });
});
