import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { code, generatedPage, table } from './markdown';

export interface MetricDefinition {
  name: string;
  type: string;
  help: string;
  labels: string[];
  /** `libs/telemetry` for the metrics every service has, else the service that defines it. */
  definedIn: string;
}

const METRIC_CLASSES = new Set(['Counter', 'Gauge', 'Histogram', 'Summary']);

function stringProperty(object: ts.ObjectLiteralExpression, key: string): string | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === key) {
      const value = property.initializer;
      if (ts.isStringLiteralLike(value)) return value.text;
    }
  }
  return undefined;
}

function labelsOf(object: ts.ObjectLiteralExpression): string[] {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || property.name.getText() !== 'labelNames') continue;
    let value = property.initializer;
    while (ts.isAsExpression(value)) value = value.expression;
    if (ts.isArrayLiteralExpression(value))
      return value.elements.filter(ts.isStringLiteralLike).map((element) => element.text);
  }
  return [];
}

/** Every `new Counter|Gauge|Histogram|Summary({ name, help, labelNames })` in one source file. */
function metricsIn(file: string, definedIn: string): MetricDefinition[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: MetricDefinition[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      METRIC_CLASSES.has(node.expression.text)
    ) {
      const options = node.arguments?.[0];
      const name =
        options && ts.isObjectLiteralExpression(options) ? stringProperty(options, 'name') : undefined;
      if (!options || !ts.isObjectLiteralExpression(options) || name === undefined)
        throw new Error(
          `${file}: a ${node.expression.text} whose name is not a string literal cannot be documented`,
        );
      found.push({
        name,
        type: node.expression.text.toLowerCase(),
        help: stringProperty(options, 'help') ?? '',
        labels: labelsOf(options),
        definedIn,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The metrics defined in libs/telemetry (every service) and in each app, found in the source
 * (prom-client registers a metric only once its module runs, so a service's own metrics would
 * otherwise need that service loaded).
 */
export function metricDefinitions(workspaceRoot: string): MetricDefinition[] {
  const roots = [
    { dir: path.join(workspaceRoot, 'libs/telemetry/src'), definedIn: 'libs/telemetry' },
    ...readdirSync(path.join(workspaceRoot, 'apps'))
      .sort()
      .map((service) => ({ dir: path.join(workspaceRoot, 'apps', service, 'src'), definedIn: service })),
  ];
  return roots.flatMap(({ dir, definedIn }) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter(
        (file) =>
          file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.split(path.sep).includes('__tests__'),
      )
      .sort()
      .flatMap((file) => metricsIn(path.join(dir, file), definedIn)),
  );
}

/** docs/reference/metrics.md. */
export function metricsPage(metrics: readonly MetricDefinition[]): string {
  const labels = (metric: MetricDefinition) => metric.labels.map(code).join(', ');
  const common = metrics.filter((metric) => metric.definedIn === 'libs/telemetry');
  const own = metrics.filter((metric) => metric.definedIn !== 'libs/telemetry');
  return generatedPage('Metrics', '`libs/telemetry/src/metrics.ts` and the metrics the services define', [
    'Every service serves Prometheus metrics on `GET /metrics` (its `HTTP_PORT`). Alert rules and the ' +
      'dashboard that use them: [../deployment.md](../deployment.md#metrics-alerts-and-dashboard).',
    '## Every service',
    table(
      ['metric', 'type', 'labels', 'meaning'],
      common.map((metric) => [code(metric.name), metric.type, labels(metric), metric.help]),
    ),
    "Besides these, prom-client's default process metrics under the names stock Node.js dashboards use " +
      '(`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, ' +
      '`nodejs_heap_size_used_bytes`, …).',
    '## One service',
    table(
      ['metric', 'service', 'type', 'labels', 'meaning'],
      own.map((metric) => [code(metric.name), metric.definedIn, metric.type, labels(metric), metric.help]),
    ),
  ]);
}
