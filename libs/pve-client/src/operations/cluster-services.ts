import { assertOneOf } from '../http/api-path';
import type {
  PveClusterLogEntry,
  PveFirewallOptions,
  PveFirewallRule,
  PveFirewallScope,
  PveHaResource,
  PveHaResourceParams,
  PveHaStatusEntry,
  PveNewFirewallRule,
  PveNodeStatus,
  PveRrdPoint,
  PveRrdSource,
  PveRrdTimeframe,
  PveSyslog,
  PveSyslogOptions,
} from '../types/pve-cluster-services';
import { type ApiCaller, assertGuestType, defined, wireParams } from './api-caller';

// Reads of a node and of the cluster's services (metrics, HA, firewall, logs), and the
// few writes the platform makes to HA and the firewall.

const TIMEFRAMES: readonly PveRrdTimeframe[] = ['hour', 'day', 'week', 'month', 'year', 'decade'];

/** GET /nodes/{node}/status. */
export async function nodeStatus(call: ApiCaller, node: string): Promise<PveNodeStatus> {
  return (await call({ method: 'GET', template: '/nodes/{node}/status', params: { node } })) as PveNodeStatus;
}

/** GET …/rrddata: one series of points, oldest first; `cf` MAX keeps peaks, AVERAGE (default) means. */
export async function rrdData(
  call: ApiCaller,
  source: PveRrdSource,
  timeframe: PveRrdTimeframe,
  cf?: 'AVERAGE' | 'MAX',
): Promise<PveRrdPoint[]> {
  const guest = 'vmid' in source;
  const template = guest ? `/nodes/{node}/${source.type}/{vmid}/rrddata` : '/nodes/{node}/rrddata';
  if (guest) assertGuestType(`GET ${template}`, source.type);
  assertOneOf(`GET ${template}`, 'timeframe', timeframe, guest ? TIMEFRAMES.slice(0, -1) : TIMEFRAMES);
  const params = guest ? { node: source.node, vmid: source.vmid } : { node: source.node };
  return (await call({
    method: 'GET',
    template,
    params,
    query: defined({ timeframe, cf }),
  })) as PveRrdPoint[];
}

/** GET /cluster/ha/resources. */
export async function haResources(call: ApiCaller): Promise<PveHaResource[]> {
  return (await call({ method: 'GET', template: '/cluster/ha/resources' })) as PveHaResource[];
}

/** GET /cluster/ha/status/current: quorum, master, fencing, LRMs and services. */
export async function haStatus(call: ApiCaller): Promise<PveHaStatusEntry[]> {
  return (await call({ method: 'GET', template: '/cluster/ha/status/current' })) as PveHaStatusEntry[];
}

/** POST /cluster/ha/resources: HA keeps the guest in the requested state from now on. */
export async function addHaResource(call: ApiCaller, params: PveHaResourceParams): Promise<void> {
  await call({ method: 'POST', template: '/cluster/ha/resources', body: wireParams(params) });
}

/** DELETE /cluster/ha/resources/{sid}: the guest is no longer HA managed (it keeps running). */
export async function removeHaResource(call: ApiCaller, sid: string): Promise<void> {
  await call({ method: 'DELETE', template: '/cluster/ha/resources/{sid}', params: { sid } });
}

function firewallPath(scope: PveFirewallScope): { base: string; params: { node?: string; vmid?: number } } {
  switch (scope.kind) {
    case 'cluster':
      return { base: '/cluster/firewall', params: {} };
    case 'node':
      return { base: '/nodes/{node}/firewall', params: { node: scope.node } };
    case 'guest':
      assertGuestType('/nodes/{node}/{type}/{vmid}/firewall', scope.type);
      return {
        base: `/nodes/{node}/${scope.type}/{vmid}/firewall`,
        params: { node: scope.node, vmid: scope.vmid },
      };
  }
}

/** GET …/firewall/options. */
export async function firewallOptions(call: ApiCaller, scope: PveFirewallScope): Promise<PveFirewallOptions> {
  const { base, params } = firewallPath(scope);
  return (await call({ method: 'GET', template: `${base}/options`, params })) as PveFirewallOptions;
}

/** GET …/firewall/rules, first rule first. */
export async function firewallRules(call: ApiCaller, scope: PveFirewallScope): Promise<PveFirewallRule[]> {
  const { base, params } = firewallPath(scope);
  return (await call({ method: 'GET', template: `${base}/rules`, params })) as PveFirewallRule[];
}

/** POST …/firewall/rules: the rule goes first. */
export async function addFirewallRule(
  call: ApiCaller,
  scope: PveFirewallScope,
  rule: PveNewFirewallRule,
): Promise<void> {
  const { base, params } = firewallPath(scope);
  await call({ method: 'POST', template: `${base}/rules`, params, body: wireParams(rule) });
}

/** DELETE …/firewall/rules/{pos}; with the digest the list was read with, a concurrent change refuses it. */
export async function removeFirewallRule(
  call: ApiCaller,
  scope: PveFirewallScope,
  pos: number,
  digest?: string,
): Promise<void> {
  const { base, params } = firewallPath(scope);
  await call({
    method: 'DELETE',
    template: `${base}/rules/{pos}`,
    params: { ...params, pos },
    query: defined({ digest }),
  });
}

/** GET /cluster/log: the newest `max` entries (50 by default), newest first. */
export async function clusterLog(call: ApiCaller, max?: number): Promise<PveClusterLogEntry[]> {
  return (await call({
    method: 'GET',
    template: '/cluster/log',
    query: defined({ max }),
  })) as PveClusterLogEntry[];
}

/** GET /nodes/{node}/syslog: journal lines from `start` on, and how many lines match. */
export async function syslog(
  call: ApiCaller,
  node: string,
  options: PveSyslogOptions = {},
): Promise<PveSyslog> {
  const answer = (await call({
    method: 'GET',
    template: '/nodes/{node}/syslog',
    params: { node },
    query: defined({ ...options }),
    withAttributes: true,
  })) as { data: PveSyslog['lines']; total?: number };
  return { total: answer.total ?? answer.data.length, lines: answer.data };
}
