import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ScenarioResult } from './scenario-results';

/** scenario → why the platform does not pass it. A reason is required: the file documents gaps. */
const BaselineSchema = z.record(z.string().min(1), z.string().trim().min(1, 'give the reason'));
export type Baseline = ReadonlyMap<string, string>;

export function loadBaseline(path: string): Baseline {
  const parsed = BaselineSchema.safeParse(parse(readFileSync(path, 'utf8')) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new Error(`${path}: expected "scenario: reason" entries; ${problems.join('; ')}`);
  }
  return new Map(Object.entries(parsed.data));
}

export type Verdict =
  | 'passed'
  /** Failed, and the baseline says why. */
  | 'expected failure'
  /** Failed without a baseline entry: a regression, or a gap nobody wrote down. */
  | 'UNEXPECTED FAILURE'
  /** In the baseline but passes now: the entry must go, so the baseline stays true. */
  | 'STALE BASELINE ENTRY'
  /** In the baseline but not a scenario of this suite version (renamed, removed, misspelt). */
  | 'UNKNOWN SCENARIO';

export interface Row {
  scenario: string;
  verdict: Verdict;
  /** The baseline's reason, or what failed. */
  note: string;
}

const OK: ReadonlySet<Verdict> = new Set(['passed', 'expected failure']);

export function compareWithBaseline(results: readonly ScenarioResult[], baseline: Baseline): Row[] {
  const rows: Row[] = results.map(({ scenario, passed, problems }) => {
    const reason = baseline.get(scenario);
    if (passed)
      return reason
        ? { scenario, verdict: 'STALE BASELINE ENTRY', note: reason }
        : { scenario, verdict: 'passed', note: '' };
    return reason
      ? { scenario, verdict: 'expected failure', note: reason }
      : { scenario, verdict: 'UNEXPECTED FAILURE', note: problems.join('; ') };
  });
  const ran = new Set(results.map((result) => result.scenario));
  for (const [scenario, reason] of baseline) {
    if (!ran.has(scenario)) rows.push({ scenario, verdict: 'UNKNOWN SCENARIO', note: reason });
  }
  return rows;
}

export function isClean(rows: readonly Row[]): boolean {
  return rows.every((row) => OK.has(row.verdict));
}

/** A fixed-width table for a terminal or a CI log; notes are cut to one readable line. */
export function formatSummary(rows: readonly Row[]): string {
  const width = Math.max(...rows.map((row) => row.scenario.length), 'scenario'.length);
  const verdictWidth = Math.max(...rows.map((row) => row.verdict.length));
  const line = (scenario: string, verdict: string, note: string): string =>
    `${scenario.padEnd(width)}  ${verdict.padEnd(verdictWidth)}  ${note}`.trimEnd();
  const cut = (note: string): string => (note.length > 110 ? `${note.slice(0, 107)}...` : note);
  const count = (verdict: Verdict): number => rows.filter((row) => row.verdict === verdict).length;
  return [
    line('scenario', 'result', 'note'),
    ...rows.map((row) => line(row.scenario, row.verdict, cut(row.note))),
    '',
    `${count('passed')} passed, ${count('expected failure')} expected failures (baselined), ` +
      `${rows.length - count('passed') - count('expected failure')} problems`,
  ].join('\n');
}
