import { fuseRankings } from './rank-fusion';

describe(fuseRankings.name, () => {
  it("should add weighted reciprocal ranks and keep each ranking's place", () => {
    const fused = fuseRankings(
      [
        { name: 'lexical', ids: ['a', 'b', 'c'], weight: 1 },
        { name: 'dense', ids: ['c', 'a'], weight: 0.5 },
      ],
      10,
    );

    expect(fused.map((hit) => hit.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]).toEqual({ id: 'a', score: 1 / 11 + 0.5 / 12, ranks: { lexical: 1, dense: 2 } });
    expect(fused[2]?.ranks).toEqual({ lexical: 2 });
  });
});
