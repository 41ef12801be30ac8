import type { RouteDefinition } from '../../routes/route';
import type { ClusterNode } from '../../state/cluster-node';
import type { HaResource } from '../../state/ha-state';
import type { SimulatorState } from '../../state/simulator-state';

// Source: pve-ha-manager PVE/API2/HA/Status.pm (index, status, manager_status). The CRM
// is not simulated: a resource's service state follows its guest (running: started),
// and the master is the first online node, with a fresh timestamp.

type Entry = Record<string, string | number>;

/** Time as Perl's scalar localtime prints it in the status lines (UTC here). */
function perlLocaltime(seconds: number): string {
  const text = new Date(seconds * 1000).toUTCString(); // "Sun, 06 Dec 2026 12:57:10 GMT"
  const [weekday, day, month, year, clock] = text.replace(',', '').split(' ');
  return `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${clock} ${year}`;
}

function masterOf(state: SimulatorState): ClusterNode | undefined {
  return state.nodes().find((node) => node.status === 'online');
}

/** What the CRM has made of a resource: the service's state and where it runs. */
function serviceStatus(
  state: SimulatorState,
  resource: HaResource,
): { node: string; state: string; running: number } {
  const guest = state.guest(Number(resource.sid.split(':')[1]));
  const running = guest?.status === 'running' ? 1 : 0;
  const crmState =
    resource.state === 'ignored'
      ? 'ignored'
      : resource.state === 'disabled'
        ? 'stopped'
        : running
          ? 'started'
          : 'stopped';
  return { node: guest?.node ?? '', state: crmState, running };
}

/** PVE::HA::Tools::get_verbose_service_state, for a service the CRM has seen. */
function verboseState(request: HaResource['state'], crm: { state: string; running: number }): string {
  if (request === 'ignored') return 'ignored';
  if (crm.state === 'stopped')
    return request === 'started' ? 'starting' : request === 'disabled' ? 'disabled' : 'stopped';
  if (crm.state === 'started') {
    if (request === 'stopped' || request === 'disabled') return 'stopping';
    return crm.running ? 'started' : 'starting';
  }
  return crm.state;
}

function currentStatus(state: SimulatorState, localNode: string): Entry[] {
  const now = Math.floor(Date.now() / 1000);
  const entries: Entry[] = [{ id: 'quorum', type: 'quorum', node: localNode, status: 'OK', quorate: 1 }];
  const master = state.ha.active ? masterOf(state) : undefined;
  if (!master) {
    // No manager status at all: nobody configured HA on this cluster.
    entries.push({
      id: 'fencing',
      type: 'fencing',
      node: localNode,
      status: 'standby (CRM watchdog standby)',
      'armed-state': 'standby',
    });
    return entries;
  }
  const time = perlLocaltime(now);
  entries.push({
    id: 'master',
    type: 'master',
    node: master.name,
    status: `${master.name} (active, ${time})`,
    timestamp: now,
  });
  entries.push({
    id: 'fencing',
    type: 'fencing',
    node: master.name,
    status: 'armed (CRM watchdog active)',
    'armed-state': 'armed',
  });
  const resources = state.ha.resources();
  for (const node of state.nodes()) {
    if (node.status !== 'online') {
      entries.push({
        id: `lrm:${node.name}`,
        type: 'lrm',
        node: node.name,
        status: `${node.name} (unable to read lrm status)`,
      });
      continue;
    }
    const active = resources.some((resource) => serviceStatus(state, resource).node === node.name);
    const lrmState = active ? 'active' : 'idle';
    const watchdog = active ? 'watchdog active' : 'watchdog standby';
    entries.push({
      id: `lrm:${node.name}`,
      type: 'lrm',
      node: node.name,
      status: `${node.name} (${lrmState}, ${watchdog}, ${time})`,
      timestamp: now,
    });
  }
  for (const resource of resources) {
    const crm = serviceStatus(state, resource);
    const verbose = verboseState(resource.state, crm);
    const entry: Entry = {
      id: `service:${resource.sid}`,
      type: 'service',
      sid: resource.sid,
      node: crm.node,
      crm_state: crm.state,
      state: verbose,
      status: `${resource.sid} (${crm.node}, ${verbose})`,
      request_state: resource.state,
    };
    for (const key of ['max_restart', 'max_relocate', 'failback', 'comment'] as const) {
      const value = resource.options[key];
      if (value !== undefined) entry[key] = key === 'comment' ? value : Number(value);
    }
    entries.push(entry);
  }
  return entries;
}

function managerStatus(state: SimulatorState, localNode: string): Record<string, unknown> {
  const master = state.ha.active ? masterOf(state) : undefined;
  const quorum = { node: localNode, quorate: 1 };
  if (!master) return { manager_status: {}, quorum };
  const now = Math.floor(Date.now() / 1000);
  const serviceStatuses = Object.fromEntries(
    state.ha.resources().map((resource) => {
      const crm = serviceStatus(state, resource);
      return [
        resource.sid,
        { node: crm.node, state: crm.state, running: crm.running, uid: resource.sid.replace(':', '') },
      ];
    }),
  );
  const nodeStatus = Object.fromEntries(
    state.nodes().map((node) => [node.name, node.status === 'online' ? 'online' : 'unknown']),
  );
  return {
    manager_status: {
      master_node: master.name,
      timestamp: now,
      node_status: nodeStatus,
      service_status: serviceStatuses,
    },
    quorum,
    lrm_status: Object.fromEntries(
      state
        .nodes()
        .map((node) => [node.name, { mode: 'active', state: 'active', timestamp: now, results: {} }]),
    ),
  };
}

// The API runs on whichever node was asked; the simulator answers as the first one.
const localNodeOf = (state: SimulatorState): string => state.nodes()[0]?.name ?? 'localhost';

export const haStatusRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/cluster/ha/status',
    parameters: {},
    permissions: { user: 'all' },
    handle: () => [
      { name: 'current' },
      { name: 'manager_status' },
      { name: 'disarm-ha' },
      { name: 'arm-ha' },
    ],
  },
  {
    method: 'GET',
    path: '/cluster/ha/status/current',
    parameters: {},
    permissions: { check: ['perm', '/', ['Sys.Audit']] },
    handle: (_call, { state }) => currentStatus(state, localNodeOf(state)),
  },
  {
    method: 'GET',
    path: '/cluster/ha/status/manager_status',
    parameters: {},
    permissions: { check: ['perm', '/', ['Sys.Audit']] },
    handle: (_call, { state }) => managerStatus(state, localNodeOf(state)),
  },
];
