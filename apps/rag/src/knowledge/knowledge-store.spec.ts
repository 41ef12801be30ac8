import { randomUUID } from 'node:crypto';
import { InMemoryTransactions, PostgresTransactions, type Transactions } from '@proxmox-mpc/persistence';
import { openServiceDataSource } from '@proxmox-mpc/service-runtime';
import { createTestDatabase, type TestDatabase } from '@proxmox-mpc/testing';
import type { DataSource } from 'typeorm';
import { ragService } from '../rag.service';
import { InMemoryKnowledgeStore } from './in-memory-knowledge.store';
import { KnowledgeDocument } from './knowledge-document.entity';
import { NO_FACETS, type ChunkDraft, type DocumentDraft, type KnowledgeStore } from './knowledge.store';
import { PostgresKnowledgeStore } from './postgres-knowledge.store';

interface Implementation {
  name: string;
  open(): Promise<{ store: KnowledgeStore; transactions: Transactions }>;
  close?(): Promise<void>;
}

let database: { test: TestDatabase; dataSource: DataSource } | undefined;
const postgres: Implementation = {
  name: PostgresKnowledgeStore.name,
  async open() {
    const test = await createTestDatabase(process.env.DATABASE_URL as string);
    const dataSource = await openServiceDataSource(ragService, test.url);
    database = { test, dataSource };
    return {
      store: new PostgresKnowledgeStore(dataSource),
      transactions: new PostgresTransactions(dataSource),
    };
  },
  async close() {
    await database?.dataSource.destroy();
    await database?.test.drop();
  },
};
const inMemory: Implementation = {
  name: InMemoryKnowledgeStore.name,
  open: async () => ({ store: new InMemoryKnowledgeStore(), transactions: new InMemoryTransactions() }),
};

function chunk(path: string, anchor: string, body: string): ChunkDraft {
  return {
    citation: `${path}#${anchor}`,
    heading: anchor,
    titleText: anchor,
    body,
    contentHash: `${anchor}:${body}`,
    ...NO_FACETS,
  };
}

function draft(path: string, chunks: ChunkDraft[]): DocumentDraft {
  const document = Object.assign(new KnowledgeDocument(), {
    id: randomUUID(),
    source: 'handbook',
    kind: 'docs',
    path,
    title: path,
    contentHash: chunks.map((unit) => unit.contentHash).join('|'),
    updatedAt: new Date('2026-12-07T10:00:00Z'),
  });
  return { document, chunks };
}

// The in-memory store stands in for PostgreSQL in the use cases' specs: both store alike.
describe.each([postgres, inMemory])('$name saveDocuments', (implementation) => {
  let sut: KnowledgeStore;
  let transactions: Transactions;

  const stored = async (path: string) => {
    const found = await sut.document('handbook', path);
    return found?.chunks.map((unit) => ({ id: unit.id, citation: unit.citation, body: unit.body }));
  };

  beforeAll(async () => {
    ({ store: sut, transactions } = await implementation.open());
  });

  afterAll(async () => {
    await implementation.close?.();
  });

  it('should write many documents at once, keep what is unchanged, and rewrite, move or drop the rest', async () => {
    const vlan = chunk('network.md', 'vlan', 'Tag traffic on a VLAN-aware bridge.');
    const bond = chunk('network.md', 'bond', 'Bond two ports for redundancy.');
    const mtu = chunk('network.md', 'mtu', 'Jumbo frames need an MTU of 9000.');
    const zfs = chunk('storage.md', 'zfs', 'ZFS mirrors protect against a failed disk.');
    const first = await transactions.run((tx) =>
      sut.saveDocuments(tx, [draft('network.md', [vlan, bond, mtu]), draft('storage.md', [zfs])]),
    );
    const before = await stored('network.md');

    const bridge = chunk('network.md', 'bridge', 'A Linux bridge connects guests to the network.');
    const rebonded = chunk('network.md', 'bond', 'Bond four ports with LACP.');
    const second = await transactions.run((tx) =>
      sut.saveDocuments(tx, [draft('network.md', [bridge, vlan, rebonded]), draft('storage.md', [zfs])]),
    );

    expect(first).toMatchObject({ unchanged: 0, removed: [] });
    expect(first.written.map((written) => written.draft.citation)).toEqual([
      'network.md#vlan',
      'network.md#bond',
      'network.md#mtu',
      'storage.md#zfs',
    ]);
    const id = (citation: string) => before?.find((unit) => unit.citation === citation)?.id;
    expect(second.unchanged).toBe(2);
    expect(second.written.map((written) => written.draft.citation)).toEqual([
      'network.md#bridge',
      'network.md#bond',
    ]);
    expect(second.removed).toEqual([id('network.md#mtu')]);
    expect(await stored('network.md')).toEqual([
      { id: second.written[0]?.id, citation: 'network.md#bridge', body: bridge.body },
      { id: id('network.md#vlan'), citation: 'network.md#vlan', body: vlan.body },
      { id: id('network.md#bond'), citation: 'network.md#bond', body: rebonded.body },
    ]);
    expect((await stored('storage.md'))?.map((unit) => unit.citation)).toEqual(['storage.md#zfs']);
    const postingsOf = (ids: string[]) => transactions.run((tx) => sut.lexemesOf(tx, ids));
    expect([...(await postingsOf(second.removed)).keys()]).toEqual([]);
    // Each written chunk comes with the words it was indexed by, as its postings hold them.
    const indexed = await postingsOf(second.written.map((written) => written.id));
    expect(second.written.map((written) => written.lexemes)).toEqual(
      second.written.map((written) => indexed.get(written.id)),
    );
    expect(second.written[1]?.lexemes.get('lacp')).toEqual({ title: 0, body: 1 });
    expect(second.written[1]?.lexemes.get('bond')).toEqual({ title: 1, body: 1 });
  });

  it('should index a rewritten chunk by its new words only', async () => {
    const { hits: rewritten } = await sut.lexicalSearch('LACP', {}, 5);
    const { hits: former } = await sut.lexicalSearch('redundancy', {}, 5);

    const chunks = await sut.chunks(rewritten.map((hit) => hit.id));
    expect(chunks.map((unit) => unit.citation)).toEqual(['network.md#bond']);
    expect(chunks[0]?.bodyLength).toBeGreaterThan(0);
    expect(former).toEqual([]);
  });

  it('should remove a document with its chunks and their postings, and leave the others', async () => {
    const kept = (await stored('network.md'))?.map((unit) => unit.id) ?? [];

    const removed = await transactions.run((tx) => sut.removeDocuments(tx, 'handbook', ['storage.md']));

    const postingsOf = (ids: string[]) => transactions.run((tx) => sut.lexemesOf(tx, ids));
    expect(removed).toHaveLength(1);
    expect(await stored('storage.md')).toBeUndefined();
    expect([...(await postingsOf(removed)).keys()]).toEqual([]);
    expect((await sut.lexicalSearch('ZFS mirrors', {}, 5)).hits).toEqual([]);
    expect([...(await postingsOf(kept)).keys()].sort()).toEqual([...kept].sort());
  });

  it('should give back the vectors stored for chunks, value for value, with what filters read', async () => {
    const [bridge, vlan] = (await stored('network.md')) ?? [];
    const vectors = new Map([
      [bridge?.id as string, Float32Array.from([0.1, -0.75, 1 / 3])],
      [vlan?.id as string, Float32Array.from([1e-40, 2, -0])],
    ]);

    await transactions.run((tx) => sut.setEmbeddings(tx, vectors));

    const read = new Map((await sut.vectors()).map((entry) => [entry.id, entry]));
    for (const [id, vector] of vectors) {
      expect(read.get(id)).toMatchObject({ vector, kind: 'docs', source: 'handbook' });
    }
  });
});
