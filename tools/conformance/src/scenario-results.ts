import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** The statuses the suite gives a check; INFO lines are a trace of what it sent and got. */
const CheckSchema = z.object({
  id: z.string(),
  status: z.enum(['SUCCESS', 'FAILURE', 'WARNING', 'INFO', 'SKIPPED']),
  description: z.string().optional(),
  errorMessage: z.string().optional(),
});

export interface ScenarioResult {
  scenario: string;
  passed: boolean;
  /** What went wrong, one line per failing or warning check (empty when passed). */
  problems: string[];
}

/**
 * A scenario fails when any check is FAILURE or WARNING — the rule the suite's own
 * `--expected-failures` applies, so a SHOULD the endpoint does not meet is not hidden.
 */
export function judgeScenario(scenario: string, checks: unknown): ScenarioResult {
  const parsed = z.array(CheckSchema).safeParse(checks);
  if (!parsed.success)
    return { scenario, passed: false, problems: ['its checks.json is not a list of checks'] };
  const problems = parsed.data
    .filter((check) => check.status === 'FAILURE' || check.status === 'WARNING')
    .map((check) => `${check.status} ${check.id}: ${check.errorMessage ?? check.description ?? ''}`.trim());
  return { scenario, passed: problems.length === 0, problems };
}

/** `server-<scenario>-<ISO time with : and . as ->`, the folder the CLI writes per scenario. */
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/**
 * The per-scenario results the CLI wrote under `outputDir` (`-o`). A scenario that has
 * a folder but no checks.json crashed inside the suite; one without a folder never ran.
 * Both count as failed, so a broken run cannot pass for a clean one.
 */
export function readScenarioResults(outputDir: string, expected: readonly string[]): ScenarioResult[] {
  const folders = new Map<string, string>();
  for (const entry of readdirSync(outputDir)) {
    const match = RESULT_DIR.exec(entry);
    if (match?.[1]) folders.set(match[1], join(outputDir, entry));
  }
  return expected.map((scenario) => {
    const folder = folders.get(scenario);
    if (!folder) return { scenario, passed: false, problems: ['the suite did not run it'] };
    const file = join(folder, 'checks.json');
    if (!existsSync(file))
      return { scenario, passed: false, problems: ['the suite crashed while running it'] };
    return judgeScenario(scenario, JSON.parse(readFileSync(file, 'utf8')) as unknown);
  });
}

/** Server scenario names from `conformance list --server` (`  - <name> [<spec versions>]`). */
export function parseScenarioList(output: string): string[] {
  return [...output.matchAll(/^\s+- (\S+) \[/gm)].map((match) => match[1] as string);
}
