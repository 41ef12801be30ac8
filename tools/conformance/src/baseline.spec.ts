import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareWithBaseline, formatSummary, isClean, loadBaseline } from './baseline';
import {
  judgeScenario,
  parseScenarioList,
  readScenarioResults,
  type ScenarioResult,
} from './scenario-results';

const passed = (scenario: string): ScenarioResult => ({ scenario, passed: true, problems: [] });
const failed = (scenario: string, problem = 'FAILURE x: broken'): ScenarioResult => ({
  scenario,
  passed: false,
  problems: [problem],
});

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'conformance-spec-')), name);
  writeFileSync(path, content);
  return path;
}

describe('conformance baseline', () => {
  describe(compareWithBaseline.name, () => {
    it('should accept a pass outside the baseline and a failure inside it', () => {
      const rows = compareWithBaseline(
        [passed('ping'), failed('tools-call-sampling')],
        new Map([['tools-call-sampling', 'no session']]),
      );
      expect(rows).toEqual([
        { scenario: 'ping', verdict: 'passed', note: '' },
        { scenario: 'tools-call-sampling', verdict: 'expected failure', note: 'no session' },
      ]);
      expect(isClean(rows)).toBe(true);
    });

    it('should fail on a failure the baseline does not list, naming what failed', () => {
      const rows = compareWithBaseline([failed('ping', 'FAILURE ping: timeout')], new Map());
      expect(rows).toEqual([
        { scenario: 'ping', verdict: 'UNEXPECTED FAILURE', note: 'FAILURE ping: timeout' },
      ]);
      expect(isClean(rows)).toBe(false);
    });

    it('should fail when a baselined scenario passes, so the baseline stays honest', () => {
      const rows = compareWithBaseline([passed('ping')], new Map([['ping', 'used to time out']]));
      expect(rows[0]?.verdict).toBe('STALE BASELINE ENTRY');
      expect(isClean(rows)).toBe(false);
    });

    it('should fail on a baseline entry that names no scenario of the suite', () => {
      const rows = compareWithBaseline([passed('ping')], new Map([['pnig', 'typo']]));
      expect(rows).toContainEqual({ scenario: 'pnig', verdict: 'UNKNOWN SCENARIO', note: 'typo' });
      expect(isClean(rows)).toBe(false);
    });
  });

  describe(loadBaseline.name, () => {
    it('should read scenario: reason entries', () => {
      const path = tempFile('baseline.yml', 'tools-call-sampling: >-\n  no session\n  here\n');
      expect([...loadBaseline(path)]).toEqual([['tools-call-sampling', 'no session here']]);
    });

    it('should refuse an entry without a reason', () => {
      const path = tempFile('baseline.yml', 'tools-call-sampling: ""\n');
      expect(() => loadBaseline(path)).toThrow(/tools-call-sampling: give the reason/);
    });

    it('should read the committed baseline', () => {
      expect(loadBaseline(join(__dirname, '..', 'expected-failures.yml')).size).toBeGreaterThan(0);
    });
  });

  it('should print one row per scenario and the counts', () => {
    const summary = formatSummary(
      compareWithBaseline(
        [passed('ping'), failed('tools-call-sampling')],
        new Map([['tools-call-sampling', 'why']]),
      ),
    );
    expect(summary).toMatch(/^ping\s+passed$/m);
    expect(summary).toMatch(/^tools-call-sampling\s+expected failure\s+why$/m);
    expect(summary).toContain('1 passed, 1 expected failures (baselined), 0 problems');
  });
});

describe('conformance results', () => {
  it('should count a WARNING as a failure, as the suite does', () => {
    const result = judgeScenario('server-sse-polling', [
      { id: 'trace', status: 'INFO' },
      { id: 'server-sse-retry-field', status: 'WARNING', errorMessage: 'no retry field' },
    ]);
    expect(result).toEqual({
      scenario: 'server-sse-polling',
      passed: false,
      problems: ['WARNING server-sse-retry-field: no retry field'],
    });
  });

  it('should pass a scenario whose checks all succeed', () => {
    expect(judgeScenario('ping', [{ id: 'ping', status: 'SUCCESS' }]).passed).toBe(true);
  });

  it('should fail scenarios that did not run or crashed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-results-'));
    mkdirSync(join(dir, 'server-ping-2026-01-02T03-04-05-678Z'));
    writeFileSync(
      join(dir, 'server-ping-2026-01-02T03-04-05-678Z', 'checks.json'),
      JSON.stringify([{ id: 'ping', status: 'SUCCESS' }]),
    );
    mkdirSync(join(dir, 'server-tools-list-2026-01-02T03-04-05-679Z'));
    expect(readScenarioResults(dir, ['ping', 'tools-list', 'prompts-list'])).toEqual([
      { scenario: 'ping', passed: true, problems: [] },
      { scenario: 'tools-list', passed: false, problems: ['the suite crashed while running it'] },
      { scenario: 'prompts-list', passed: false, problems: ['the suite did not run it'] },
    ]);
  });

  it('should read scenario names from the list command', () => {
    const output =
      'Server scenarios (test against a server):\n  - ping [2025-06-18,2025-11-25]\n  - json-schema-2020-12 [2025-11-25]\n';
    expect(parseScenarioList(output)).toEqual(['ping', 'json-schema-2020-12']);
  });
});
