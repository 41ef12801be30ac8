/**
 * The metric names a PromQL expression (or a Grafana variable query) reads, so a test can
 * check that the services serve every series the alert rules and the dashboard query.
 * Not a full PromQL parser: enough to tell metric names from functions, keywords, label
 * names and values, durations and numbers.
 */

// Words that are never metric names where they appear without a `(` after them: binary
// operators, modifiers, and aggregations (`sum by (job) (…)` has `by` before its parenthesis).
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'atan2',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
  'inf',
  'nan',
]);

const GRAFANA_VARIABLE = /\$\{[^}]*\}|\$\w+/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const LABEL_MATCHERS = /\{[^}]*\}/g;
const RANGE = /\[[^\]]*\]/g;
const LABEL_LIST = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi;
// A number or duration (0.95, 1e3, 15m) is one token, so its letters are not read as names.
const TOKEN = /[0-9][\w.]*|[A-Za-z_:][\w:]*/g;

export function metricNamesIn(expression: string): string[] {
  const text = expression
    .replace(GRAFANA_VARIABLE, '')
    .replace(STRING, '""')
    .replace(LABEL_MATCHERS, '{}')
    .replace(RANGE, '[]')
    .replace(LABEL_LIST, '$1');
  const names = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (/^[0-9]/.test(token) || KEYWORDS.has(token.toLowerCase())) continue;
    const next = text.slice((match.index ?? 0) + token.length).trimStart()[0];
    if (next === '(') continue; // a function call
    names.add(token);
  }
  return [...names].sort();
}

/**
 * A Grafana Prometheus variable query: `label_values(metric{…}, label)` reads `metric`,
 * `label_values(label)` no metric, `query_result(expr)` what `expr` reads.
 */
export function metricNamesInVariableQuery(query: string): string[] {
  const labelValues = /^\s*label_values\(\s*(?:(.+),)?\s*\w+\s*\)\s*$/s.exec(query);
  if (labelValues) return labelValues[1] ? metricNamesIn(labelValues[1]) : [];
  const queryResult = /^\s*query_result\((.*)\)\s*$/s.exec(query);
  return metricNamesIn(queryResult ? (queryResult[1] as string) : query);
}
