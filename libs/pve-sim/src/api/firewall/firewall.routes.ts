import { createHash } from 'node:crypto';
import type { PermissionCheck } from '../../auth/permission-check';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition, RouteParameters } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { FirewallConfig, FirewallRule } from '../../state/firewall-state';
import type { SimulatorState } from '../../state/simulator-state';
import { type RuleEnvironment, ruleView, verifiedRule } from './firewall-rule';

// Sources: pve-firewall PVE/API2/Firewall/Rules.pm (RulesBase and its Cluster, Host, VM
// and CT subclasses), Cluster.pm, Host.pm and VM.pm (get_options), PVE/Firewall.pm
// (copy_list_with_digest, copy_opject_with_digest). A config file that does not exist
// reads as empty. Updating options and rules (PUT) is not served.

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', 'nolog'];
const POSITION = { type: 'integer', optional: true, minimum: 0 } as const;
const DIGEST = { type: 'string', optional: true, maxLength: 64 } as const;

/** The parameters of a new rule (PVE::Firewall::add_rule_properties with action and type required). */
const RULE_PARAMETERS: RouteParameters = {
  action: { type: 'string', pattern: /[A-Za-z][A-Za-z0-9\-_]+/, maxLength: 20 },
  type: { type: 'string', enum: ['in', 'out', 'forward', 'group'] },
  comment: { type: 'string', optional: true },
  dest: { type: 'string', optional: true, format: 'pve-fw-addr-spec', maxLength: 512 },
  source: { type: 'string', optional: true, format: 'pve-fw-addr-spec', maxLength: 512 },
  dport: { type: 'string', optional: true, format: 'pve-fw-dport-spec' },
  sport: { type: 'string', optional: true, format: 'pve-fw-sport-spec' },
  proto: { type: 'string', optional: true, format: 'pve-fw-protocol-spec' },
  'icmp-type': { type: 'string', optional: true, format: 'pve-fw-icmp-type-spec' },
  iface: { type: 'string', optional: true, format: 'pve-iface', maxLength: 20 },
  log: { type: 'string', optional: true, enum: LOG_LEVELS },
  macro: { type: 'string', optional: true, maxLength: 128 },
  enable: { type: 'integer', optional: true, minimum: 0 },
  pos: POSITION,
  digest: DIGEST,
};

interface FirewallScope {
  /** The path of the scope's firewall, e.g. `/nodes/{node}/qemu/{vmid}/firewall`. */
  readonly base: string;
  readonly parameters: RouteParameters;
  readonly env: RuleEnvironment;
  readonly audit: PermissionCheck;
  readonly modify: PermissionCheck;
  /** Host rules run on the node (`proxyto => 'node'` for rule_env 'host'); options of nodes and guests too. */
  readonly proxyRules: boolean;
  readonly proxyOptions: boolean;
  config(state: SimulatorState, params: Readonly<Record<string, string>>): FirewallConfig;
}

/** The SHA-1 over each entry's sorted `key:value` lines, as copy_list_with_digest computes it. */
function digestOf(entries: ReadonlyArray<Readonly<Record<string, string>>>): string {
  const sha = createHash('sha1');
  for (const entry of entries)
    for (const key of Object.keys(entry).sort()) sha.update(`${key}:${entry[key]}\n`);
  return sha.digest('hex');
}

function optionsView(options: Readonly<Record<string, string>>): Record<string, string | number> {
  const view: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(options)) view[key] = /^\d+$/.test(value) ? Number(value) : value;
  return { ...view, digest: digestOf([options]) };
}

function ruleAt(rules: readonly FirewallRule[], pos: number): FirewallRule {
  const rule = rules[pos];
  if (!rule) throw PveHttpError.failed(`no rule at position ${pos}`);
  return rule;
}

function scopeRoutes(scope: FirewallScope): RouteDefinition[] {
  const rulePath = `${scope.base}/rules`;
  return [
    {
      method: 'GET',
      path: `${scope.base}/options`,
      parameters: scope.parameters,
      ...(scope.proxyOptions && { proxyToNode: true }),
      permissions: { check: scope.audit },
      handle: ({ params }, { state }) => optionsView(scope.config(state, params).options),
    },
    {
      method: 'GET',
      path: rulePath,
      parameters: scope.parameters,
      ...(scope.proxyRules && { proxyToNode: true }),
      permissions: { check: scope.audit },
      handle: ({ params }, { state }) => {
        const { rules } = scope.config(state, params);
        const digest = digestOf(rules);
        return rules.map((rule, pos) => ruleView(rule, pos, digest));
      },
    },
    {
      method: 'GET',
      path: `${rulePath}/{pos}`,
      parameters: { ...scope.parameters, pos: POSITION },
      ...(scope.proxyRules && { proxyToNode: true }),
      permissions: { check: scope.audit },
      handle: ({ params }, { state }) => {
        const { rules } = scope.config(state, params);
        const pos = Number(params['pos']);
        return ruleView(ruleAt(rules, pos), pos, digestOf(rules));
      },
    },
    {
      method: 'POST',
      path: rulePath,
      parameters: { ...scope.parameters, ...RULE_PARAMETERS },
      ...(scope.proxyRules && { proxyToNode: true }),
      permissions: { check: scope.modify },
      handle: ({ params }, { state }) => {
        const rule = verifiedRule(params, scope.env);
        // register_create_rule puts the new rule first; `pos` is not used.
        scope.config(state, params).rules.unshift(rule);
        return null;
      },
    },
    {
      method: 'DELETE',
      path: `${rulePath}/{pos}`,
      parameters: { ...scope.parameters, pos: POSITION, digest: DIGEST },
      ...(scope.proxyRules && { proxyToNode: true }),
      permissions: { check: scope.modify },
      handle: ({ params }, { state }) => {
        const { rules } = scope.config(state, params);
        const digest = params['digest'];
        if (digest && digest !== digestOf(rules))
          throw PveHttpError.failed(
            'detected modified configuration - file changed by other user? Try again.',
          );
        const pos = Number(params['pos']);
        ruleAt(rules, pos);
        rules.splice(pos, 1);
        return null;
      },
    },
  ];
}

const guestScope = (type: 'qemu' | 'lxc'): FirewallScope => ({
  base: `/nodes/{node}/${type}/{vmid}/firewall`,
  parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
  env: type === 'qemu' ? 'vm' : 'ct',
  audit: ['perm', '/vms/{vmid}', ['VM.Audit']],
  modify: ['perm', '/vms/{vmid}', ['VM.Config.Network']],
  proxyRules: false,
  proxyOptions: true,
  // load_vmfw_conf reads `<vmid>.fw` whether or not the guest exists.
  config: (state, params) => state.firewall.guest(Number(params['vmid'])),
});

const SCOPES: readonly FirewallScope[] = [
  {
    base: '/cluster/firewall',
    parameters: {},
    env: 'cluster',
    audit: ['perm', '/', ['Sys.Audit']],
    modify: ['perm', '/', ['Sys.Modify']],
    proxyRules: false,
    proxyOptions: false,
    config: (state) => state.firewall.cluster,
  },
  {
    base: '/nodes/{node}/firewall',
    parameters: { node: NODE_PARAMETER },
    env: 'host',
    audit: ['perm', '/nodes/{node}', ['Sys.Audit']],
    modify: ['perm', '/nodes/{node}', ['Sys.Modify']],
    proxyRules: true,
    proxyOptions: true,
    config: (state, params) => state.firewall.node(resolveProxyNode(state, params['node'] ?? '').name),
  },
  guestScope('qemu'),
  guestScope('lxc'),
];

export const firewallRoutes: readonly RouteDefinition[] = SCOPES.flatMap(scopeRoutes);
