/** Levenshtein distance: how many single-character edits turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The candidates an operator most likely meant by `word`, best first: those that start
 * with it, then those within a few typing mistakes (a third of its length, at least two).
 */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const typed = word.toLowerCase();
  const tolerance = Math.max(2, Math.floor(typed.length / 3));
  return [...new Set(candidates)]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = lower.startsWith(typed) ? 0 : editDistance(typed, lower);
      return { candidate, distance };
    })
    .filter(({ distance }) => distance <= tolerance)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

/** ` Did you mean /sync?` for an error message, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>, prefix = ''): string {
  const near = closest(word, candidates);
  if (near.length === 0) return '';
  return `; did you mean ${near.map((candidate) => `${prefix}${candidate}`).join(', ')}?`;
}
