/**
 * Weighted reciprocal rank fusion: each ranking adds weight / (k + rank) for every item it
 * ranks. Scores of different kinds (BM25, cosine) never need to be made comparable, only
 * their orders.
 */
export function fuseRankings(
  rankings: ReadonlyArray<{ name: string; ids: readonly string[]; weight: number }>,
  k: number,
): Array<{ id: string; score: number; ranks: Record<string, number> }> {
  const fused = new Map<string, { score: number; ranks: Record<string, number> }>();
  for (const { name, ids, weight } of rankings) {
    ids.forEach((id, position) => {
      const entry = fused.get(id) ?? { score: 0, ranks: {} };
      entry.score += weight / (k + position + 1);
      entry.ranks[name] = position + 1;
      fused.set(id, entry);
    });
  }
  return [...fused]
    .map(([id, entry]) => ({ id, ...entry }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
