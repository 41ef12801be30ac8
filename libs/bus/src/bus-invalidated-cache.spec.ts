import { BusInvalidatedCache, type ConnectionWatch } from './bus-invalidated-cache';

/** A connection that can break (and come back as a new one) or stay down. */
class FakeConnection implements ConnectionWatch {
  current: number | undefined = 1;

  unbrokenConnection(): number | undefined {
    return this.current;
  }
}

describe(BusInvalidatedCache.name, () => {
  let connection: FakeConnection;
  let now: number;
  let reads: number;
  let sut: BusInvalidatedCache<string, string>;
  const load = async (): Promise<string> => {
    reads += 1;
    return `value ${reads}`;
  };

  beforeEach(() => {
    connection = new FakeConnection();
    now = 0;
    reads = 0;
    sut = new BusInvalidatedCache(connection, { trustMs: 5_000, maxEntries: 2, now: () => now });
  });

  it('should read once for concurrent and repeated callers', async () => {
    const values = await Promise.all([sut.get('a', load), sut.get('a', load)]);

    expect([...values, await sut.get('a', load)]).toEqual(['value 1', 'value 1', 'value 1']);
  });

  it('should read again once the trust period has passed', async () => {
    await sut.get('a', load);
    now = 5_000;

    expect(await sut.get('a', load)).toBe('value 2');
  });

  it('should read again after the connection broke, when an invalidation may have been missed', async () => {
    await sut.get('a', load);
    connection.current = 2;

    expect(await sut.get('a', load)).toBe('value 2');
  });

  it('should keep nothing while disconnected', async () => {
    connection.current = undefined;
    await sut.get('a', load);

    expect(await sut.get('a', load)).toBe('value 2');
  });

  it('should not keep what `keep` refuses', async () => {
    await sut.get('a', load, () => false);

    expect(await sut.get('a', load)).toBe('value 2');
  });

  it('should read again after a clear, also when the clear came during the read', async () => {
    const during = sut.get('a', load);
    sut.clear();
    await during;

    expect(await sut.get('a', load)).toBe('value 2');
  });

  it('should read one key again after it is forgotten, and keep the others', async () => {
    await sut.get('a', load);
    await sut.get('b', load);

    sut.forget('a');

    expect(sut.peek('a')).toBeUndefined();
    expect([await sut.get('a', load), await sut.get('b', load)]).toEqual(['value 3', 'value 2']);
  });

  it('should drop the oldest value past its size', async () => {
    await sut.get('a', load);
    await sut.get('b', load);
    await sut.get('c', load);

    expect(await sut.get('a', load)).toBe('value 4');
  });
});
