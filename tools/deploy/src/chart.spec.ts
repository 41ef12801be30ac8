import { inboxPrefixFor } from '@proxmox-mpc/bus';
import { SERVICE_NAMES } from '@proxmox-mpc/testing';
import {
  chartValueSets,
  lintChart,
  parseManifests,
  renderChart,
  type K8sObject,
  type ValueSet,
} from './chart';
import { helmBinary } from './helm';
import { imageCommand } from './image-command';

// Shapes of the rendered objects this spec reads (plain Kubernetes API fields).
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  command?: string[];
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: unknown;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}
interface AffinityTerm {
  topologyKey: string;
  labelSelector: { matchLabels: Record<string, string> };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    affinity?: {
      podAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
        preferredDuringSchedulingIgnoredDuringExecution?: Array<{ podAffinityTerm: AffinityTerm }>;
      };
    };
  };
}
interface Port {
  port: number | string;
  protocol?: string;
}
interface PolicyRule {
  ports?: Port[];
  from?: object[];
  to?: object[];
}
interface PolicySpec {
  podSelector: { matchLabels: Record<string, string> };
  policyTypes: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((object) => object.kind === kind);
const template = (workload: K8sObject) => (workload.spec as { template: PodTemplate }).template;
const ownDeployment = (objects: K8sObject[], service: string) => {
  const found = ofKind(objects, 'Deployment').find(
    (object) => object.metadata.name === `mpc-proxmox-mpc-${service}`,
  );
  if (!found) throw new Error(`no Deployment for ${service}`);
  return found;
};
const env = (workload: K8sObject, name: string) =>
  template(workload).spec.containers[0]?.env?.find((variable) => variable.name === name);
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);
/** The NetworkPolicy whose pod selector picks the workload's pods. */
const policyOf = (objects: K8sObject[], workload: K8sObject) => {
  const labels = template(workload).metadata.labels;
  const policies = ofKind(objects, 'NetworkPolicy')
    .map((policy) => policy.spec as unknown as PolicySpec)
    .filter((spec) => selects(spec.podSelector.matchLabels, labels));
  expect({ workload: workload.metadata.name, policies: policies.length }).toEqual({
    workload: workload.metadata.name,
    policies: 1,
  });
  return policies[0] as PolicySpec;
};
const egressPorts = (policy: PolicySpec) =>
  (policy.egress ?? []).flatMap((rule) => (rule.ports ?? []).map((port) => port.port));
const egressTo = (policy: PolicySpec, port: number) =>
  (policy.egress ?? []).find((rule) => rule.ports?.some((candidate) => candidate.port === port));

/**
 * The chart's NATS users, from the subchart's rendered config: JSON but for bare values
 * ($VARIABLES, sizes such as 10Gi), which are quoted here.
 */
function natsUsers(objects: K8sObject[]) {
  const config = ofKind(objects, 'ConfigMap').find((object) => object.metadata.name === 'mpc-nats-config');
  const text = (config?.data?.['nats.conf'] ?? '').replace(
    /^(\s*"[^"]+": )([^"{[\s][^,]*?)(,?)$/gm,
    '$1"$2"$3',
  );
  const parsed = JSON.parse(text) as {
    accounts: {
      MPC: {
        users: Array<{
          user: string;
          permissions?: { subscribe?: { allow?: string[]; deny?: string[] } };
        }>;
      };
    };
  };
  return parsed.accounts.MPC.users;
}

/**
 * The Helm chart, linted and rendered by a real helm (unpacked from an npm package; this
 * fails, not skips, where it cannot be had) with each set of values CI checks.
 */
describe('the Helm chart infra/helm/proxmox-mpc', () => {
  let helm: string;
  const rendered = new Map<string, K8sObject[]>();
  /** The objects of one value set, rendered once. */
  const objectsOf = (name: string): K8sObject[] => {
    const cached = rendered.get(name);
    if (cached) return cached;
    const set = chartValueSets().find((candidate) => candidate.name === name);
    if (!set) throw new Error(`no value set ${name}`);
    const run = renderChart(set, helm);
    if (run.status !== 0) throw new Error(`helm template with ${name} failed:\n${run.stderr}`);
    const objects = parseManifests(run.stdout);
    rendered.set(name, objects);
    return objects;
  };

  beforeAll(() => {
    helm = helmBinary();
  });

  describe.each(chartValueSets())('with $name', (set: ValueSet) => {
    let objects: K8sObject[];

    beforeAll(() => {
      objects = objectsOf(set.name);
    });

    it('should pass helm lint --strict', () => {
      const run = lintChart(set, helm);
      expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
        status: 0,
        output: expect.stringContaining('0 chart(s) failed'),
      });
    });

    it('should give every container of every workload probes (own services) and bounded memory', () => {
      const workloads = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')];
      expect(workloads.length).toBeGreaterThanOrEqual(SERVICE_NAMES.length);
      for (const workload of workloads) {
        for (const container of template(workload).spec.containers) {
          const where = `${workload.metadata.name}/${container.name}`;
          expect({ where, requests: container.resources?.requests }).toEqual({
            where,
            requests: expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }),
          });
          expect({ where, limit: container.resources?.limits?.memory }).toEqual({
            where,
            limit: expect.anything(),
          });
        }
      }
      for (const deployment of ofKind(objects, 'Deployment')) {
        const [container] = template(deployment).spec.containers;
        expect(container).toMatchObject({
          startupProbe: expect.anything(),
          livenessProbe: expect.anything(),
          readinessProbe: expect.anything(),
        });
      }
    });

    it('should fence every pod of the release with a NetworkPolicy for both directions', () => {
      for (const deployment of ofKind(objects, 'Deployment')) {
        const policy = policyOf(objects, deployment);
        expect(policy.policyTypes).toEqual(['Ingress', 'Egress']);
        const service = template(deployment).metadata.labels['app.kubernetes.io/component'] as string;
        if (!(SERVICE_NAMES as readonly string[]).includes(service)) continue;
        // DNS and the bus for every service; only mcp-edge takes connections from anyone.
        expect(egressPorts(policy)).toEqual(expect.arrayContaining([53]));
        if (service !== 'mcp-edge') {
          for (const rule of policy.ingress ?? [])
            expect({ service, from: rule.from }).toEqual({ service, from: expect.any(Array) });
        }
      }
    });
  });

  describe('with default values', () => {
    let objects: K8sObject[];

    beforeAll(() => {
      objects = objectsOf('default values');
    });

    it('should start each service with the node flags every other launcher uses', () => {
      for (const service of SERVICE_NAMES) {
        expect({
          service,
          command: template(ownDeployment(objects, service)).spec.containers[0]?.command,
        }).toEqual({ service, command: imageCommand(service) });
      }
    });

    it('should keep the streams on as many servers as the bundled NATS cluster has', () => {
      const nats = ofKind(objects, 'StatefulSet').find((object) => object.metadata.name === 'mpc-nats');
      expect(nats?.spec?.replicas).toBe(3);
      for (const service of SERVICE_NAMES) {
        expect({
          service,
          replicas: env(ownDeployment(objects, service), 'BUS_STREAM_REPLICAS')?.value,
        }).toEqual({
          service,
          replicas: '3',
        });
      }
    });

    it('should claim ReadWriteOnce workspaces and keep every pod mounting them on one node', () => {
      const [claim] = ofKind(objects, 'PersistentVolumeClaim').filter((object) =>
        object.metadata.name.endsWith('-workspaces'),
      );
      expect(claim?.spec?.accessModes).toEqual(['ReadWriteOnce']);
      const generatorLabels = template(ownDeployment(objects, 'iac-generator')).metadata.labels;
      for (const service of ['iac-generator', 'test-runner']) {
        const required =
          template(ownDeployment(objects, service)).spec.affinity?.podAffinity
            ?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
        expect(
          required.some(
            (term) =>
              term.topologyKey === 'kubernetes.io/hostname' &&
              selects(term.labelSelector.matchLabels, generatorLabels),
          ),
        ).toBe(true);
      }
    });

    it('should point the agent at the simulator it runs, reachable through the policies', () => {
      const agent = ownDeployment(objects, 'proxmox-agent');
      expect(env(agent, 'PVE_URL')?.value).toBe('http://mpc-proxmox-mpc-pve-sim:8006');
      expect(ofKind(objects, 'Service').map((service) => service.metadata.name)).toContain(
        'mpc-proxmox-mpc-pve-sim',
      );
      expect(egressTo(policyOf(objects, agent), 8006)?.to).toEqual([
        {
          podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/component': 'pve-sim' }) },
        },
      ]);
    });

    it('should let each NATS user subscribe to its own replies only', () => {
      const users = natsUsers(objects);
      const inboxes = users.map((user) => `${inboxPrefixFor(user.user)}.>`);
      for (const { user, permissions } of users) {
        const allowed = permissions?.subscribe?.allow;
        const denied = permissions?.subscribe?.deny ?? [];
        const own = `${inboxPrefixFor(user)}.>`;
        const othersInboxes = inboxes.filter((inbox) => inbox !== own);
        if (allowed) {
          // An allow list: among the inboxes, its own and nothing wider.
          expect({
            user,
            inboxes: allowed.filter((subject) => subject.startsWith('_INBOX') || subject === '>'),
          }).toEqual({
            user,
            inboxes: [own],
          });
        } else {
          expect({ user, denied }).toEqual({ user, denied: expect.arrayContaining(othersInboxes) });
        }
      }
    });
  });

  describe('with ci/external-values.yaml', () => {
    let objects: K8sObject[];

    beforeAll(() => {
      objects = objectsOf('ci/external-values.yaml');
    });

    it('should render neither NATS nor PostgreSQL and take both URLs from the Secret', () => {
      expect(ofKind(objects, 'StatefulSet')).toEqual([]);
      for (const service of SERVICE_NAMES) {
        const deployment = ownDeployment(objects, service);
        expect(env(deployment, 'NATS_URL')?.valueFrom?.secretKeyRef).toEqual({
          name: 'proxmox-mpc-external',
          key: 'nats-url',
        });
        expect(env(deployment, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
          name: 'proxmox-mpc-external',
          key: 'database-url',
        });
        expect(env(deployment, 'BUS_STREAM_REPLICAS')?.value).toBe('3');
      }
    });

    it("should open the external servers' ports only, to the peers given", () => {
      const agent = policyOf(objects, ownDeployment(objects, 'proxmox-agent'));
      expect(egressTo(agent, 4222)?.to).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'messaging' } } },
      ]);
      expect(egressTo(agent, 5433)).toBeDefined();
      expect(egressTo(agent, 4318)).toBeDefined();
      expect(egressTo(agent, 8006)?.to).toEqual([{ ipBlock: { cidr: '192.0.2.0/24' } }]);
      // Only the agent talks to Proxmox VE.
      expect(egressPorts(policyOf(objects, ownDeployment(objects, 'rag')))).not.toContain(8006);
    });
  });

  describe('with ci/lint-values.yaml', () => {
    let objects: K8sObject[];

    beforeAll(() => {
      objects = objectsOf('ci/lint-values.yaml');
    });

    it('should let the pods of a ReadWriteMany workspaces volume spread over nodes', () => {
      for (const service of ['iac-generator', 'test-runner']) {
        expect(template(ownDeployment(objects, service)).spec.affinity).toBeUndefined();
      }
    });

    it("should open mcp-edge to the ingress controller and Prometheus, and to the JWKS URL's port", () => {
      const edge = policyOf(objects, ownDeployment(objects, 'mcp-edge'));
      expect(edge.ingress?.[0]?.from).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
        expect.objectContaining({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }),
      ]);
      expect(egressPorts(edge)).toContain(443);
    });

    it('should route the MCP endpoint, the web console and the OAuth metadata to mcp-edge, with Secure cookies behind TLS', () => {
      const [ingress] = ofKind(objects, 'Ingress');
      const rules = (
        ingress?.spec as { rules: Array<{ http: { paths: Array<{ path: string; backend: unknown }> } }> }
      ).rules;
      expect(rules[0]?.http.paths.map((path) => path.path)).toEqual([
        '/mcp',
        '/ui',
        '/.well-known/oauth-protected-resource',
      ]);
      for (const path of rules[0]?.http.paths ?? [])
        expect(path.backend).toEqual({
          service: { name: 'mpc-proxmox-mpc-mcp-edge', port: { name: 'http' } },
        });
      expect(env(ownDeployment(objects, 'mcp-edge'), 'MCP_UI_SECURE_COOKIES')?.value).toBe('always');
    });
  });
});
