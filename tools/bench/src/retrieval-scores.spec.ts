import { scoreRetrieval } from './retrieval-scores';

describe(scoreRetrieval.name, () => {
  it('should score exact units only, count repeats once and give an empty answer nothing', () => {
    const scores = scoreRetrieval(
      [
        { id: 'q1', query: 'a', relevant: ['x.adoc#a', 'x.adoc#b'] },
        { id: 'q2', query: 'b', relevant: ['y.adoc#c'] },
        { id: 'q3', query: 'c', relevant: ['z.adoc'] },
      ],
      new Map([
        ['q1', ['x.adoc#b', 'x.adoc#b', 'x.adoc', 'w', 'w2', 'w3', 'x.adoc#a']],
        ['q2', ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'y.adoc#c']],
      ]),
    );

    // q1: b at 1, a at 6 (after the repeat is dropped); q2: c at 7; q3: nothing.
    expect(scores.questions).toBe(3);
    expect(scores.recallAt5).toBeCloseTo(0.5 / 3);
    expect(scores.recallAt10).toBeCloseTo(2 / 3);
    expect(scores.mrrAt10).toBeCloseTo((1 + 1 / 7) / 3);
  });
});
