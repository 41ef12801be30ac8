import type { MessageBus } from './message-bus';

/** What the cache needs of the bus: whether the connection has stayed up since a value was read. */
export type ConnectionWatch = Pick<MessageBus, 'unbrokenConnection'>;

export interface BusInvalidatedCacheOptions {
  /**
   * How long a value is used at most. Invalidation does not wait for it (events that make
   * a value stale call `clear`); it bounds an event lost without the connection breaking.
   */
  trustMs: number;
  /** Past this many values the oldest goes first. */
  maxEntries: number;
  /** Milliseconds since some epoch (a Clock in use cases, so tests can move time). */
  now: () => number;
}

interface Entry<V> {
  value: Promise<V>;
  readAt: number;
  connection: number;
}

/**
 * Values read from a store, kept in one replica's memory while events announced on the
 * bus keep them current: whoever handles those events (`@OnEvent(…, { everyReplica: true })`)
 * calls `clear`. A plain subscription misses what is published while the connection is
 * down, so a value is used only while the connection it was read under has not broken,
 * and nothing is kept while there is no connection. A value is kept as soon as its read
 * starts, so concurrent callers share one read, and a `clear` during the read keeps its
 * result from anyone who asks afterwards.
 */
export class BusInvalidatedCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly bus: ConnectionWatch,
    private readonly options: BusInvalidatedCacheOptions,
  ) {}

  /** The value for `key`: remembered, or read with `load` (and remembered if `keep` says so). */
  async get(key: K, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const held = this.peek(key);
    if (held) return held;
    const now = this.options.now();
    const connection = this.bus.unbrokenConnection();
    this.entries.delete(key);
    const value = load();
    if (connection === undefined) return value;
    const entry: Entry<V> = { value, readAt: now, connection };
    if (this.entries.size >= this.options.maxEntries)
      this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, entry);
    const settled = await value.catch((error: unknown) => {
      this.drop(key, entry);
      throw error;
    });
    if (!keep(settled)) this.drop(key, entry);
    return settled;
  }

  /** The value remembered for `key` if it is still current; nothing is read. */
  peek(key: K): Promise<V> | undefined {
    const cached = this.entries.get(key);
    if (
      cached &&
      cached.connection === this.bus.unbrokenConnection() &&
      this.options.now() - cached.readAt < this.options.trustMs
    )
      return cached.value;
    return undefined;
  }

  /** Forgets `key`: its next caller reads it again. */
  forget(key: K): void {
    this.entries.delete(key);
  }

  /** Forgets everything: the next caller of each key reads it again. */
  clear(): void {
    this.entries.clear();
  }

  private drop(key: K, entry: Entry<V>): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}
