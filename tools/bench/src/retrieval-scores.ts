/** One labelled question of an evaluation set (`../shared/pve-docs/eval/README.md`). */
export interface LabelledQuestion {
  id: string;
  query: string;
  /** Citation units that answer it, most relevant first. */
  relevant: string[];
}

export interface RetrievalScores {
  questions: number;
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
}

/**
 * Recall@5, Recall@10 and MRR@10 as the evaluation set defines them: a returned unit counts
 * only if it equals a labelled one exactly, repeats count once, and a question with no
 * results scores 0; each averaged over all questions.
 */
export function scoreRetrieval(
  questions: readonly LabelledQuestion[],
  results: ReadonlyMap<string, readonly string[]>,
): RetrievalScores {
  let recallAt5 = 0;
  let recallAt10 = 0;
  let mrrAt10 = 0;
  for (const question of questions) {
    const ranked = [...new Set(results.get(question.id) ?? [])];
    const found = (k: number): number =>
      question.relevant.filter((unit) => ranked.slice(0, k).includes(unit)).length / question.relevant.length;
    recallAt5 += found(5);
    recallAt10 += found(10);
    const first = ranked.slice(0, 10).findIndex((unit) => question.relevant.includes(unit));
    mrrAt10 += first >= 0 ? 1 / (first + 1) : 0;
  }
  const count = questions.length || 1;
  return {
    questions: questions.length,
    recallAt5: recallAt5 / count,
    recallAt10: recallAt10 / count,
    mrrAt10: mrrAt10 / count,
  };
}
