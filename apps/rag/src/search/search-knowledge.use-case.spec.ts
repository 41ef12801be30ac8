import { HANDBOOK, knowledgeParts, markdownSource } from '../__tests__/knowledge-fixture';
import { SearchKnowledgeUseCase } from './search-knowledge.use-case';

describe(SearchKnowledgeUseCase.name, () => {
  async function searchable() {
    const parts = knowledgeParts();
    await parts.ingestSource.execute(markdownSource('handbook', HANDBOOK));
    return { ...parts, sut: new SearchKnowledgeUseCase(parts.store, parts.embedder, parts.vectors) };
  }

  it('should return passages with their citation, ranks and the resource to read them whole', async () => {
    const { sut } = await searchable();

    const { passages, embedder } = await sut.execute({ query: 'vlan tag bridge', k: 3, mode: 'hybrid' });

    expect(embedder).toMatch(/^lsa-\d+-[0-9a-f]{8}$/);
    expect(passages[0]).toMatchObject({
      citation: 'network.md#vlan',
      source: 'handbook',
      kind: 'docs',
      heading: 'VLAN',
      title: 'Network',
      lexicalRank: 1,
      uri: 'proxmox-mpc://knowledge/handbook/network.md',
    });
    expect(passages.length).toBeLessThanOrEqual(3);
  });

  it('should rank with one side only when asked', async () => {
    const { sut } = await searchable();

    const lexical = await sut.execute({ query: 'network bridge', k: 5, mode: 'lexical' });
    const dense = await sut.execute({ query: 'network bridge', k: 5, mode: 'dense' });

    expect(lexical.passages.every((passage) => passage.denseRank === undefined)).toBe(true);
    expect(dense.passages.every((passage) => passage.lexicalRank === undefined)).toBe(true);
    expect(dense.passages.length).toBeGreaterThan(0);
  });

  it('should keep to the filters given', async () => {
    const { sut } = await searchable();

    const { passages } = await sut.execute({ query: 'backup', k: 10, mode: 'hybrid', sources: ['runbooks'] });

    expect(passages).toEqual([]);
  });
});
