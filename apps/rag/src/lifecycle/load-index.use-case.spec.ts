import { HANDBOOK, knowledgeParts, markdownSource } from '../__tests__/knowledge-fixture';
import { DocumentIndexer } from '../ingest/document-indexer';
import { InMemoryVectorIndex } from '../vectors/in-memory-vector-index';
import { LoadIndexUseCase } from './load-index.use-case';

const NOTES = { name: 'notes', kind: 'docs' as const };

/** One Markdown document of one section, as the indexer takes it. */
async function note(path: string, body: string) {
  const [document] = await markdownSource(NOTES.name, { [path]: `# ${path}\n${body}\n` }).list();
  if (!document) throw new Error(`no document for ${path}`);
  return { path, contentHash: document.contentHash, ...document.read() };
}

describe(LoadIndexUseCase.name, () => {
  async function fittedReplica() {
    const parts = knowledgeParts();
    await parts.ingestSource.execute(markdownSource('handbook', HANDBOOK));
    const sut = new LoadIndexUseCase(parts.store, parts.embedder, parts.vectors);
    await sut.execute({ onlyIfChanged: false });
    return { ...parts, sut };
  }

  it('should count its own change as loaded, so the refresh does not reload every vector', async () => {
    const { sut, indexer, store, vectors } = await fittedReplica();
    const size = vectors.size;

    await indexer.index(NOTES, [
      await note('restore.md', 'Backups of virtual machines go to backup storage.'),
    ]);

    expect(vectors.revision).toBe(await store.revision());
    expect(vectors.size).toBe(size + 1);
    await sut.execute({ onlyIfChanged: true });
    expect(vectors.size).toBe(size + 1);
  });

  it("should reload another replica's change at the next refresh, and its own after it", async () => {
    const { sut, store, transactions, embedder, clock, vectors, indexer } = await fittedReplica();
    const otherVectors = new InMemoryVectorIndex();
    const other = new DocumentIndexer(store, transactions, embedder, otherVectors, clock);
    const size = vectors.size;

    await other.index(NOTES, [await note('uplinks.md', 'Bridges connect the cluster nodes to the network.')]);
    await indexer.index(NOTES, [
      await note('restore.md', 'Backups of virtual machines go to backup storage.'),
    ]);

    expect(vectors.size).toBe(size + 1);
    expect(vectors.revision).not.toBe(await store.revision());
    await sut.execute({ onlyIfChanged: true });
    expect(vectors.size).toBe(size + 2);
    expect(vectors.revision).toBe(await store.revision());
  });
});
