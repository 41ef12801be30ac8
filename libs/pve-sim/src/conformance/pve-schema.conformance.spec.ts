import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { api, callApi, taskStopped } from '../__tests__/sim-http';
import { DEFAULT_ROOT_PASSWORD } from '../auth/access-config';
import type { ParameterSpec, RouteDefinition } from '../routes/route';
import { ROUTE_TABLE } from '../routes/route-table';
import { PveSimulator } from '../simulator/pve-simulator';
import { GUEST_SAMPLES, GUEST_SCHEMA_GAPS } from './guest-samples';
import { HOMELAB_NFS_SHARE } from '../scenarios/homelab-services';
import { SERVICE_NULLS, SERVICE_SAMPLES, SERVICE_SCHEMA_GAPS } from './service-samples';

// Proves the simulator against the published Proxmox VE API schema: every route it
// serves exists there with the same path parameters, every parameter it accepts is
// declared there with the same type and constraints, it requires the privileges and
// proxies to the node as the schema's method does, and sample answers carry the fields
// `returns` requires and none it does not declare.

interface SchemaNode {
  type?: string | string[];
  optional?: boolean | number;
  format?: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  max_length?: number;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  extra?: { requires?: string; additionalProperties?: number | boolean };
}

interface SchemaMethod {
  verb: string;
  parameters: Array<{ name: string; definition: SchemaNode }>;
  returns: SchemaNode;
  permissions?: { expression?: { check?: unknown[] }; user?: string };
  allow_token?: boolean;
  extra?: { proxyto?: string };
}

interface ApiSchema {
  source_version: string;
  paths: Array<{ path: string; methods: SchemaMethod[] }>;
}

/**
 * Fields real PVE returns that the schema leaves out. Each is verified in PVE's source;
 * nothing else may appear undeclared.
 */
const KNOWN_SCHEMA_GAPS: Readonly<Record<string, readonly string[]>> = {
  ...GUEST_SCHEMA_GAPS,
  ...SERVICE_SCHEMA_GAPS,
  // pve-manager PVE/API2/Tasks.pm read_task_status ($convert_token_task) splits a token's
  // UPID user into `user` and `tokenid`, but its `returns` omits tokenid.
  'GET /nodes/{node}/tasks/{upid}/status': ['tokenid'],
  // pve-access-control PVE/API2/AccessControl.pm create_ticket adds `cap`
  // (compute_api_permission); its `returns` has only a comment for it.
  'POST /access/ticket': ['cap'],
  // pve-storage PVE/API2/Storage/Config.pm index returns each whole storage.cfg entry
  // ($api_storage_config) and the file's digest; `returns` declares only `storage`.
  'GET /storage': [
    'type',
    'content',
    'digest',
    'path',
    'vgname',
    'thinpool',
    'shared',
    'nodes',
    'pool',
    'krbd',
    'server',
    'export',
  ],
  // pve-storage PVE/Storage.pm storage_info still sends the deprecated `format` tuple
  // ("FIXME: remove with 10.0"), which its `returns` leaves out on purpose.
  'GET /nodes/{node}/storage': ['format'],
  // pve-storage PVE/Storage/Plugin.pm list_volumes sets `content` on every volume and
  // get_subdir_files `subtype` on backups.
  'GET /nodes/{node}/storage/{storage}/content': ['content', 'subtype'],
  // pve-common PVE/Network/Interfaces.pm fills in bridge_stp/bridge_fd for every bridge.
  'GET /nodes/{node}/network': ['bridge_stp', 'bridge_fd'],
  // pve-manager PVE/API2/Pool.pm read_pool returns index()'s entry, poolid included.
  'GET /pools/{poolid}': ['poolid'],
  // pve-manager PVE/API2Tools.pm extract_node_stats names the entry and adds the root disk.
  'GET /nodes': ['id', 'type', 'disk', 'maxdisk'],
};

/**
 * Integers PVE sends as JSON strings. Perl's JSON encoder writes a scalar last used
 * as text as a string: pve-manager's nextid uses the id as a hash key before returning it.
 */
const NUMBERS_SENT_AS_TEXT: Readonly<Record<string, readonly string[]>> = {
  'GET /cluster/nextid': ['data'],
};

type Sample = (simulator: PveSimulator, route: RouteDefinition) => Promise<unknown[]>;

const answersTo =
  (...paths: string[]): Sample =>
  (simulator, route) =>
    Promise.all(paths.map((samplePath) => dataOf(simulator, route.method, samplePath)));

/** Requests that exercise each route's answer in its variants (running, stopped, template, full…). */
const SAMPLES: Readonly<Record<string, Sample>> = {
  ...GUEST_SAMPLES,
  ...SERVICE_SAMPLES,
  'GET /version': answersTo('/version'),
  'GET /access/ticket': answersTo('/access/ticket'),
  'POST /access/ticket': async (simulator) => {
    const login = await callApi(simulator, 'POST', api('/access/ticket'), {
      authorization: null,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({ username: 'root@pam', password: DEFAULT_ROOT_PASSWORD }).toString(),
    });
    const verify = await callApi(simulator, 'POST', api('/access/ticket'), {
      authorization: null,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        username: 'root',
        realm: 'pam',
        password: DEFAULT_ROOT_PASSWORD,
        path: '/vms/100',
        privs: 'VM.Audit',
      }).toString(),
    });
    return [login.body?.data, verify.body?.data];
  },
  'GET /access/permissions': answersTo('/access/permissions', '/access/permissions?path=/vms/100'),
  'GET /cluster/status': answersTo('/cluster/status'),
  'GET /cluster/nextid': answersTo('/cluster/nextid', '/cluster/nextid?vmid=150'),
  'GET /storage': answersTo('/storage', '/storage?type=lvmthin'),
  'GET /nodes/{node}/storage': answersTo(
    '/nodes/pve1/storage',
    '/nodes/pve1/storage?content=images&format=1',
    '/nodes/pve2/storage?enabled=1',
  ),
  'GET /nodes/{node}/storage/{storage}/status': answersTo(
    '/nodes/pve1/storage/local/status',
    '/nodes/pve1/storage/local-lvm/status',
  ),
  'GET /nodes/{node}/storage/{storage}/content': answersTo(
    '/nodes/pve1/storage/local/content',
    '/nodes/pve3/storage/local/content?content=backup',
    '/nodes/pve1/storage/local-lvm/content',
  ),
  'GET /nodes/{node}/network': answersTo('/nodes/pve1/network', '/nodes/pve3/network?type=any_bridge'),
  'GET /pools': answersTo('/pools', '/pools?poolid=prod', '/pools?poolid=home&type=lxc'),
  'GET /pools/{poolid}': answersTo('/pools/prod', '/pools/k8s'),
  'GET /nodes': answersTo('/nodes'),
  'GET /cluster/resources': answersTo(
    '/cluster/resources',
    '/cluster/resources?type=vm',
    '/cluster/resources?type=sdn',
  ),
  'GET /nodes/{node}/qemu': answersTo('/nodes/pve1/qemu', '/nodes/pve1/qemu?full=1', '/nodes/pve2/qemu'),
  'GET /nodes/{node}/lxc': answersTo('/nodes/pve1/lxc', '/nodes/pve2/lxc'),
  'GET /nodes/{node}/qemu/{vmid}/status/current': answersTo(
    '/nodes/pve1/qemu/100/status/current',
    '/nodes/pve1/qemu/106/status/current',
    '/nodes/pve1/qemu/9000/status/current',
    '/nodes/pve2/qemu/116/status/current',
  ),
  'GET /nodes/{node}/lxc/{vmid}/status/current': answersTo(
    '/nodes/pve1/lxc/200/status/current',
    '/nodes/pve2/lxc/211/status/current',
  ),
  'POST /nodes/{node}/qemu/{vmid}/status/start': answersTo('/nodes/pve3/qemu/124/status/start'),
  'POST /nodes/{node}/qemu/{vmid}/status/stop': answersTo('/nodes/pve3/qemu/122/status/stop'),
  'POST /nodes/{node}/qemu/{vmid}/status/shutdown': answersTo('/nodes/pve3/qemu/123/status/shutdown'),
  'POST /nodes/{node}/lxc/{vmid}/status/start': answersTo('/nodes/pve3/lxc/221/status/start'),
  'POST /nodes/{node}/lxc/{vmid}/status/stop': answersTo('/nodes/pve1/lxc/202/status/stop'),
  'POST /nodes/{node}/lxc/{vmid}/status/shutdown': answersTo('/nodes/pve2/lxc/212/status/shutdown'),
  'GET /nodes/{node}/tasks/{upid}/status': async (simulator) => {
    const upid = (await dataOf(simulator, 'POST', '/nodes/pve1/qemu/107/status/start')) as string;
    const statusPath = `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`;
    const running = await dataOf(simulator, 'GET', statusPath);
    await taskStopped(simulator, upid);
    return [running, await dataOf(simulator, 'GET', statusPath)];
  },
};

async function dataOf(simulator: PveSimulator, method: string, samplePath: string): Promise<unknown> {
  const response = await callApi(simulator, method as 'GET' | 'POST', api(samplePath));
  if (response.status !== 200)
    throw new Error(`${method} ${samplePath}: ${response.status} ${response.statusText}`);
  return response.body?.data;
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no nx.json above ${start}`);
  }
}

const schemaPath = path.resolve(findRepoRoot(__dirname), '../shared/pve-api/pve-9.2.3.json');

if (!existsSync(schemaPath)) {
  describe('PVE API schema conformance', () => {
    it('should be skipped because the PVE API schema file is absent', () => {
      console.warn(
        `pve-sim conformance SKIPPED: ${schemaPath} not found. ` +
          'It ships beside the repository in ../shared/pve-api (present on CI); without it the simulator is not checked against the API schema.',
      );
      expect(existsSync(schemaPath)).toBe(false);
    });
  });
} else {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as ApiSchema;
  const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;
  const schemaMethod = (route: RouteDefinition) =>
    schema.paths
      .find((entry) => entry.path === route.path)
      ?.methods.find((method) => method.verb === route.method);

  describe(`PVE API schema ${schema.source_version} conformance`, () => {
    let simulator: PveSimulator;

    beforeAll(async () => {
      simulator = new PveSimulator({ taskDurationMs: 30, storages: HOMELAB_NFS_SHARE });
      await simulator.start();
    });

    afterAll(() => simulator.stop());

    it('should have a sample request for every route', () => {
      expect(Object.keys(SAMPLES).sort()).toEqual(ROUTE_TABLE.map(routeKey).sort());
    });

    describe.each(ROUTE_TABLE.map((route) => [routeKey(route), route] as const))('%s', (_key, route) => {
      it('should exist in the schema', () => {
        expect(schemaMethod(route)).toBeDefined();
      });

      it('should declare every path parameter the schema declares', () => {
        const inPath = [...route.path.matchAll(/\{([\w-]+)\}/g)].map((match) => match[1]);

        expect(inPath.every((name) => name !== undefined && Object.hasOwn(route.parameters, name))).toBe(
          true,
        );
      });

      it("should require the privileges the schema's permissions state", () => {
        const permissions = schemaMethod(route)?.permissions ?? {};
        const check = permissions.expression?.check;
        const expected = check?.length ? { check } : permissions.user ? { user: permissions.user } : {};

        expect(JSON.parse(JSON.stringify(route.permissions))).toEqual(expected);
      });

      it('should refuse API tokens and proxy to the node exactly where the schema says', () => {
        const method = schemaMethod(route);

        expect({ allowToken: route.allowToken !== false, proxyToNode: route.proxyToNode === true }).toEqual({
          allowToken: method?.allow_token !== false,
          proxyToNode: method?.extra?.proxyto === 'node',
        });
      });

      it('should accept only parameters the schema declares, with the same type and constraints', () => {
        const declared = new Map(schemaMethod(route)?.parameters.map((p) => [p.name, p.definition]));
        const mismatches = Object.entries(route.parameters).flatMap(([name, spec]) =>
          parameterMismatches(name, spec, declared.get(name)),
        );

        expect(mismatches).toEqual([]);
      });

      it("should answer with the fields the schema's returns requires and no others", async () => {
        const returns = schemaMethod(route)?.returns ?? {};
        const samples = await SAMPLES[routeKey(route)]?.(simulator, route);
        const allowed = {
          fields: KNOWN_SCHEMA_GAPS[routeKey(route)] ?? [],
          textNumbers: NUMBERS_SENT_AS_TEXT[routeKey(route)] ?? [],
          nulls: SERVICE_NULLS[routeKey(route)] ?? [],
        };

        expect(samples?.length).toBeGreaterThan(0);
        expect(samples?.flatMap((sample) => returnMismatches(sample, returns, 'data', allowed))).toEqual([]);
      });
    });
  });
}

function parameterMismatches(name: string, spec: ParameterSpec, schema: SchemaNode | undefined): string[] {
  if (!schema) return [`${name}: not declared by the schema`];
  const expected = {
    type: schema.type,
    optional: Boolean(schema.optional),
    format:
      typeof schema.format === 'string' ? schema.format : schema.format === undefined ? undefined : 'object',
    enum: schema.enum?.length ? schema.enum : undefined,
    minimum: schema.minimum,
    maximum: schema.maximum,
    // The schema's patterns are Perl regexes; that one is declared is what can be compared.
    pattern: schema.pattern !== undefined,
    maxLength: schema.max_length,
    requires: schema.extra?.requires,
  };
  const actual = {
    type: spec.type,
    optional: Boolean(spec.optional),
    format: typeof spec.format === 'object' ? 'object' : spec.format,
    enum: spec.enum,
    minimum: spec.minimum,
    maximum: spec.maximum,
    pattern: spec.pattern !== undefined,
    maxLength: spec.maxLength,
    requires: spec.requires,
  };
  return (Object.keys(expected) as Array<keyof typeof expected>)
    .filter((key) => JSON.stringify(expected[key]) !== JSON.stringify(actual[key]))
    .map(
      (key) =>
        `${name}.${key}: schema ${JSON.stringify(expected[key])}, simulator ${JSON.stringify(actual[key])}`,
    );
}

/** What a route may send beyond its `returns`: undeclared field names, and integers as text at these paths. */
interface Allowances {
  readonly fields: readonly string[];
  readonly textNumbers: readonly string[];
  /** Field names PVE sends as null although `returns` declares a value. */
  readonly nulls: readonly string[];
}

/** Structural check of a value against a `returns` schema; PVE encodes booleans as 0/1. */
function returnMismatches(value: unknown, schema: SchemaNode, at: string, allowed: Allowances): string[] {
  if (value === null && allowed.nulls.includes(at.split('.').at(-1) ?? '')) return [];
  const numeric = (check: (candidate: unknown) => boolean) =>
    check(value) || (allowed.textNumbers.includes(at) && typeof value === 'string' && check(Number(value)));
  switch (schema.type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      return schema.items
        ? value.flatMap((item, index) =>
            returnMismatches(item, schema.items ?? {}, `${at}[${index}]`, allowed),
          )
        : [];
    case 'object':
      return objectMismatches(value, schema, at, allowed);
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected a string, got ${JSON.stringify(value)}`];
      return schema.enum?.length && !schema.enum.includes(value)
        ? [`${at}: '${value}' not in ${schema.enum}`]
        : [];
    case 'integer':
      return numeric(Number.isInteger) ? [] : [`${at}: expected an integer, got ${JSON.stringify(value)}`];
    case 'number':
      return numeric((candidate) => typeof candidate === 'number' && !Number.isNaN(candidate))
        ? []
        : [`${at}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return [0, 1, true, false].includes(value as number) ? [] : [`${at}: expected a boolean, got ${value}`];
    default:
      return [];
  }
}

function objectMismatches(value: unknown, schema: SchemaNode, at: string, allowed: Allowances): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${at}: expected an object`];
  const properties = schema.properties ?? {};
  // An object schema without properties (e.g. status/current's `ha`) leaves its content open.
  if (Object.keys(properties).length === 0) return [];
  const record = value as Record<string, unknown>;
  // `additionalProperties => 1` (e.g. a pool's members) declares some fields and allows any others.
  const open = Boolean(schema.extra?.additionalProperties);
  const missing = Object.entries(properties)
    .filter(([name, property]) => !property.optional && !(name in record))
    .map(([name]) => `${at}.${name}: required by the schema but missing`);
  // The schema writes numbered config keys once, as `scsi[n]`; an answer has scsi0, scsi1, ….
  const propertyOf = (name: string) => properties[name] ?? properties[name.replace(/\d+$/, '[n]')];
  const undeclared = Object.keys(record)
    .filter((name) => !open && !propertyOf(name) && !allowed.fields.includes(name))
    .map((name) => `${at}.${name}: not declared by the schema`);
  const wrong = Object.entries(record)
    .filter(([name]) => propertyOf(name))
    .flatMap(([name, field]) => returnMismatches(field, propertyOf(name) ?? {}, `${at}.${name}`, allowed));
  return [...missing, ...undeclared, ...wrong];
}
