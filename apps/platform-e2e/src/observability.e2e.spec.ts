import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import {
  pollUntil,
  Promtool,
  repoRoot,
  requireInstalled,
  SERVICE_NAMES,
  startPlatform,
  startTestInfrastructure,
  type RunningPlatform,
  type ServiceName,
  type TestInfrastructure,
} from '@proxmox-mpc/testing';
import { parse } from 'yaml';
import { connectHttpClient } from './mcp-clients';
import { metricNamesIn, metricNamesInVariableQuery } from './promql-metric-names';

const TOKEN = `e2e-${randomUUID()}`;
const ADMIN_TOKEN = `e2e-admin-${randomUUID()}`;

// Series Prometheus makes itself: never on a /metrics page.
const PROMETHEUS_SERIES = new Set(['up', 'ALERTS', 'ALERTS_FOR_STATE']);

interface RulesFile {
  groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}
interface DashboardPanel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: DashboardPanel[];
}
interface Dashboard {
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; type: string; query?: string | { query?: string } }> };
}

/** Every metric name the alert rules read. */
function ruleMetricNames(): string[] {
  const rules = parse(
    readFileSync(join(repoRoot(), 'infra/prometheus/rules/proxmox-mpc.rules.yml'), 'utf8'),
  ) as RulesFile;
  return rules.groups.flatMap((group) => group.rules.flatMap((rule) => metricNamesIn(rule.expr)));
}

/** Every metric name the dashboard's panels and variables query. */
function dashboardMetricNames(): string[] {
  const dashboard = JSON.parse(
    readFileSync(join(repoRoot(), 'infra/grafana/dashboards/proxmox-mpc.json'), 'utf8'),
  ) as Dashboard;
  const panels = (list: DashboardPanel[]): DashboardPanel[] =>
    list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
  const fromPanels = panels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).flatMap((target) => (target.expr ? metricNamesIn(target.expr) : [])),
  );
  const fromVariables = dashboard.templating.list
    .filter((variable) => variable.type === 'query')
    .flatMap((variable) =>
      metricNamesInVariableQuery(
        typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? ''),
      ),
    );
  return [...fromPanels, ...fromVariables];
}

/** The names of the samples on a /metrics page (a histogram's are `_bucket`, `_sum`, `_count`). */
function sampleNames(page: string): Set<string> {
  return new Set(
    page
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => /^[A-Za-z_:][\w:]*/.exec(line)?.[0] ?? line),
  );
}

/**
 * The whole platform as processes, as deployments run it, scraped as Prometheus would:
 * every /metrics page passes `promtool check metrics`, and serves every metric the alert
 * rules (infra/prometheus/rules) and the Grafana dashboard (infra/grafana) read.
 */
describe('metrics, alert rules and dashboard', () => {
  let infrastructure: TestInfrastructure;
  let platform: RunningPlatform;
  let client: Client;
  let admin: Client;
  let pages: Record<ServiceName, string>;

  const scrape = async (): Promise<Record<ServiceName, string>> =>
    Object.fromEntries(
      await Promise.all(
        SERVICE_NAMES.map(async (name) => {
          const response = await fetch(`${platform.serviceUrls[name]}/metrics`);
          return [name, await response.text()] as const;
        }),
      ),
    ) as Record<ServiceName, string>;
  const served = (scraped: Record<ServiceName, string>) =>
    new Set(Object.values(scraped).flatMap((page) => [...sampleNames(page)]));
  const missing = (names: string[], scraped: Record<ServiceName, string>) => {
    const available = served(scraped);
    return [...new Set(names)].filter((name) => !PROMETHEUS_SERIES.has(name) && !available.has(name)).sort();
  };

  beforeAll(async () => {
    // No silent skip: CI installs Debian's prometheus package (.ci/run) for promtool.
    requireInstalled(Promtool);
    infrastructure = await startTestInfrastructure();
    platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: infrastructure.databaseUrl,
      ports: 'free',
      mcpToken: TOKEN,
      adminToken: ADMIN_TOKEN,
    });
    client = await connectHttpClient(platform.mcpUrl, TOKEN);
    admin = await connectHttpClient(platform.mcpUrl, ADMIN_TOKEN);

    // A little traffic, so the histograms the rules and panels read have series.
    const vmid = platform.simulator?.state.guests()[0]?.vmid;
    for (const [caller, name, args] of [
      [client, 'list_guests', {}],
      [client, 'get_guest', { guest: vmid }],
      [admin, 'audit_verify', {}],
    ] as const) {
      const result = (await caller.callTool({ name, arguments: args })) as { isError?: boolean };
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result)}`);
    }
    // Some series appear in the services' own time (queue lag is sampled every 5 s).
    const wanted = [...ruleMetricNames(), ...dashboardMetricNames()];
    pages = await pollUntil(scrape, (scraped) => missing(wanted, scraped).length === 0, 30_000, 500);
  });

  afterAll(async () => {
    await admin?.close();
    await client?.close();
    await platform?.stop();
    await infrastructure?.stop();
  });

  it('should serve /metrics that promtool check metrics accepts, on every service', () => {
    const checked = SERVICE_NAMES.map((service) => {
      const result = spawnSync(Promtool.command, ['check', 'metrics'], {
        input: pages[service],
        encoding: 'utf8',
      });
      return { service, status: result.status, problems: `${result.stdout}${result.stderr}`.trim() };
    });
    expect(checked).toEqual(SERVICE_NAMES.map((service) => ({ service, status: 0, problems: '' })));
  });

  it('should serve the stock process metric names and the build info, on every service', () => {
    const stock = [
      '# TYPE process_cpu_seconds_total counter',
      '# TYPE process_resident_memory_bytes gauge',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
    ];
    const wrong = SERVICE_NAMES.flatMap((service) => {
      const page = pages[service];
      return [
        ...stock.filter((line) => !page.split('\n').includes(line)).map((line) => `lacks ${line}`),
        ...(new RegExp(`^mpc_build_info\\{component="${service}",version="[^"]+"\\} 1$`, 'm').test(page)
          ? []
          : ['lacks mpc_build_info for itself']),
        ...(page.match(/^# TYPE mpc_(process|nodejs)_\w+/gm) ?? []).map((line) => `has ${line}`),
      ].map((problem) => `${service} ${problem}`);
    });
    expect(wrong).toEqual([]);
  });

  it('should serve every metric the alert rules read', () => {
    const names = ruleMetricNames();
    expect(names).toEqual(
      expect.arrayContaining(['mpc_audit_chain_broken', 'mpc_consumer_pending_messages']),
    );
    expect(missing(names, pages)).toEqual([]);
  });

  it('should serve every metric the dashboard queries', () => {
    const names = dashboardMetricNames();
    expect(names).toEqual(expect.arrayContaining(['mpc_build_info', 'process_cpu_seconds_total']));
    expect(missing(names, pages)).toEqual([]);
  });
});
