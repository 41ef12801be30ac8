import { HANDBOOK, knowledgeParts, markdownSource } from '../__tests__/knowledge-fixture';
import { IngestSourceUseCase } from './ingest-source.use-case';

describe(IngestSourceUseCase.name, () => {
  it('should index new documents, fit the model on them, and embed every chunk', async () => {
    const { ingestSource, store, embedder, vectors } = knowledgeParts();

    const report = await ingestSource.execute(markdownSource('handbook', HANDBOOK));

    expect(report).toEqual({
      source: 'handbook',
      kind: 'docs',
      documents: 4,
      added: 4,
      changed: 0,
      unchanged: 0,
      removed: 0,
      skipped: [],
    });
    expect(embedder.ready).toBe(true);
    expect(vectors.size).toBe(await store.chunkCount());
    expect([...store.rows.values()].map((chunk) => chunk.citation)).toContain('network.md#vlan');
  });

  it('should leave unchanged documents alone and rewrite only the edited section', async () => {
    const { ingestSource, store } = knowledgeParts();
    await ingestSource.execute(markdownSource('handbook', HANDBOOK));
    const before = store.writes.length;

    const edited = {
      ...HANDBOOK,
      'network.md': HANDBOOK['network.md'] + 'Tagged traffic needs a VLAN-aware bridge.\n',
    };
    const report = await ingestSource.execute(markdownSource('handbook', edited));

    expect(report).toMatchObject({ added: 0, changed: 1, unchanged: 3 });
    const rewritten = store.writes.slice(before).map((id) => store.rows.get(id)?.citation);
    expect(rewritten).toEqual(['network.md#vlan']);
  });

  it('should drop documents the source no longer has, and skip an unreadable one naming it', async () => {
    const { ingestSource, store } = knowledgeParts();
    await ingestSource.execute(markdownSource('handbook', HANDBOOK));
    const rest = Object.fromEntries(Object.entries(HANDBOOK).filter(([path]) => path !== 'cluster.md'));

    const report = await ingestSource.execute(
      markdownSource('handbook', { ...rest, 'blob.md': new Uint8Array([1, 0, 2]) }),
    );

    expect(report).toMatchObject({
      removed: 1,
      skipped: [{ path: 'blob.md', reason: 'it holds NUL bytes: a binary file, not text' }],
    });
    expect([...store.rows.values()].some((chunk) => chunk.citation.startsWith('cluster.md'))).toBe(false);
  });

  it('should report progress up to the number of documents', async () => {
    const { ingestSource } = knowledgeParts();
    const progress: Array<[number, number]> = [];

    await ingestSource.execute(markdownSource('handbook', HANDBOOK), (done, total) =>
      progress.push([done, total]),
    );

    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
  });

  it('should run two ingests of one source one after the other', async () => {
    const { ingestSource } = knowledgeParts();
    const source = markdownSource('handbook', HANDBOOK);

    const [first, second] = await Promise.all([ingestSource.execute(source), ingestSource.execute(source)]);

    expect(first.added).toBe(4);
    expect(second).toMatchObject({ added: 0, unchanged: 4 });
  });

  it('should leave alone the documents written since its listing was read, rewriting or removing only older ones', async () => {
    const { ingestSource, indexer, store, clock } = knowledgeParts();
    const v1 = { 'a.md': '# A\nfirst words\n', 'b.md': '# B\nfirst words\n' };
    await ingestSource.execute(markdownSource('notes', v1));
    clock.advance(1_000);
    const readAt = clock.now();
    const listing = markdownSource('notes', { 'a.md': '# A\nedited words\n', 'b.md': v1['b.md'] });
    // Meanwhile, from the source's events: b.md rewritten, c.md new, neither in the listing as it is.
    clock.advance(1_000);
    const fresh = markdownSource('notes', { 'b.md': '# B\nnewest words\n', 'c.md': '# C\nnew words\n' });
    await indexer.index(
      fresh,
      (await fresh.list()).map((document) => ({
        ...document.read(),
        path: document.path,
        contentHash: document.contentHash,
      })),
    );

    const report = await ingestSource.execute({ ...listing, readAt });

    expect(report).toMatchObject({ changed: 1, unchanged: 1, removed: 0 });
    const bodies = [...store.rows.values()].map((chunk) => chunk.body).sort();
    expect(bodies).toEqual(['edited words', 'new words', 'newest words']);
  });
});
