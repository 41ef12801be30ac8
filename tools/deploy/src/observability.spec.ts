import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Promtool, repoRoot, requireInstalled } from '@proxmox-mpc/testing';
import { parse } from 'yaml';
import { CHART_DIR, NAMESPACE, parseManifests, RELEASE, type K8sObject } from './chart';
import { runHelm } from './helm';

const RULES = 'infra/prometheus/rules/proxmox-mpc.rules.yml';
const DASHBOARD = 'infra/grafana/dashboards/proxmox-mpc.json';
// What a chart install needs beyond the defaults to render at all.
const REQUIRED_VALUES = ['proxmox.url=https://pve1.example.org:8006', 'proxmox.tokenId=mpc@pve!agent'];
// The release's objects are named "<release>-proxmox-mpc…".
const FULLNAME = `${RELEASE}-proxmox-mpc`;

const read = (path: string) => readFileSync(join(repoRoot(), path), 'utf8');

function promtool(args: string[]) {
  const result = spawnSync(Promtool.command, args, { cwd: repoRoot(), encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The chart's objects with these values set. */
function render(values: string[]): K8sObject[] {
  const result = runHelm([
    'template',
    RELEASE,
    CHART_DIR,
    '--namespace',
    NAMESPACE,
    ...[...REQUIRED_VALUES, ...values].flatMap((value) => ['--set', value]),
  ]);
  if (result.status !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseManifests(result.stdout);
}

/** The alert rules and the dashboard as compose loads them and as the Helm chart ships them. */
describe('observability pack', () => {
  beforeAll(() => {
    // No silent skip: CI installs Debian's prometheus package (.ci/run) for promtool.
    requireInstalled(Promtool);
  });

  describe('for docker compose', () => {
    it('should load the alert rules into Prometheus: promtool check config', () => {
      const result = promtool(['check', 'config', 'infra/prometheus/prometheus.yml']);
      expect(result).toEqual({ status: 0, output: expect.stringContaining('SUCCESS: 7 rules found') });
      expect(result.output).toContain(`Checking ${RULES}`);
    });

    it('should fire each alert on its series and on no other: promtool test rules', () => {
      expect(promtool(['test', 'rules', 'infra/prometheus/proxmox-mpc.rules.test.yml'])).toEqual({
        status: 0,
        output: expect.stringContaining('SUCCESS'),
      });
    });

    it('should mount into Prometheus and Grafana files that exist', () => {
      const compose = parse(read('docker-compose.yml')) as {
        services: Record<string, { volumes?: string[] }>;
      };
      const mounts = ['prometheus', 'grafana'].flatMap((service) =>
        (compose.services[service]?.volumes ?? [])
          .map((volume) => volume.split(':')[0] as string)
          .filter((source) => source.startsWith('./')),
      );
      expect(mounts).toEqual(
        expect.arrayContaining([
          './infra/prometheus/rules',
          './infra/grafana/dashboards',
          './infra/grafana/provisioning/datasources',
          './infra/grafana/provisioning/dashboards',
        ]),
      );
      expect(mounts.filter((source) => !existsSync(resolve(repoRoot(), source)))).toEqual([]);
    });

    it('should query through the dashboard data source variable in every panel', () => {
      const dashboard = JSON.parse(read(DASHBOARD)) as {
        uid: string;
        panels: Array<{ id: number; type: string; datasource?: { uid: string }; targets?: unknown[] }>;
      };
      const queried = dashboard.panels.filter((panel) => panel.type !== 'row');
      expect(queried.length).toBeGreaterThan(10);
      expect(queried.filter((panel) => panel.datasource?.uid !== '${datasource}')).toEqual([]);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('for Kubernetes', () => {
    it('should render neither a PrometheusRule nor a dashboard unless asked to', () => {
      const kinds = render([]).map((manifest) => `${manifest.kind}/${manifest.metadata.name}`);
      expect(kinds).not.toContain(`PrometheusRule/${FULLNAME}`);
      expect(kinds).not.toContain(`ConfigMap/${FULLNAME}-dashboard`);
    });

    it("should ship the alert rules as a PrometheusRule that selects the release's Services", () => {
      const [rule] = render([
        'metrics.prometheusRule.enabled=true',
        'metrics.prometheusRule.labels.release=kps',
      ]).filter((manifest) => manifest.kind === 'PrometheusRule');
      expect(rule?.metadata).toMatchObject({
        name: FULLNAME,
        namespace: NAMESPACE,
        labels: { release: 'kps', 'app.kubernetes.io/instance': RELEASE },
      });
      const services = ['audit', 'iac-generator', 'mcp-edge', 'proxmox-agent', 'rag', 'test-runner'];
      const selector = `namespace="${NAMESPACE}", job=~"${services.map((service) => `${FULLNAME}-${service}`).join('|')}"`;
      // The same rules; only the service-down alert's job matcher names the Services.
      const expected = parse(read(RULES)) as {
        groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
      };
      const down = expected.groups[0]?.rules.find((candidate) => candidate.alert === 'MpcServiceDown');
      if (down) down.expr = `up{${selector}} == 0`;
      expect(rule?.spec).toEqual(expected);

      const dir = mkdtempSync(join(tmpdir(), 'mpc-rules-'));
      try {
        writeFileSync(join(dir, 'rules.yml'), JSON.stringify(rule?.spec));
        expect(promtool(['check', 'rules', join(dir, 'rules.yml')])).toEqual({
          status: 0,
          output: expect.stringContaining('SUCCESS: 7 rules found'),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('should take the service selector from the values when given', () => {
      const [rule] = render([
        'metrics.prometheusRule.enabled=true',
        'metrics.prometheusRule.targetSelector=job="proxmox-mpc-external"',
      ]).filter((manifest) => manifest.kind === 'PrometheusRule');
      expect(JSON.stringify(rule?.spec)).toContain('up{job=\\"proxmox-mpc-external\\"} == 0');
    });

    it("should ship the dashboard as a ConfigMap Grafana's sidecar loads", () => {
      const [dashboard] = render([
        'metrics.grafanaDashboard.enabled=true',
        'metrics.grafanaDashboard.namespace=monitoring',
        'metrics.grafanaDashboard.annotations.grafana_folder=Proxmox-MPC',
      ]).filter(
        (manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name === `${FULLNAME}-dashboard`,
      );
      expect(dashboard?.metadata).toMatchObject({
        namespace: 'monitoring',
        labels: { grafana_dashboard: '1' },
        annotations: { grafana_folder: 'Proxmox-MPC' },
      });
      expect(JSON.parse(dashboard?.data?.['proxmox-mpc.json'] ?? '')).toEqual(JSON.parse(read(DASHBOARD)));
    });
  });
});
