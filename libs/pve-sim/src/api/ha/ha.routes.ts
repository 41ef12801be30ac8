import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition, RouteParameters } from '../../routes/route';
import type { HaRequestState, HaResource } from '../../state/ha-state';
import type { SimulatorState } from '../../state/simulator-state';
import { configDigestOf } from './ha-digest';

// Sources: pve-ha-manager PVE/API2/HA/Resources.pm, PVE/HA/Config.pm (parse_sid),
// PVE/HA/Resources/PVEVM.pm and PVECT.pm (verify_name, exists) and PVE/HA/Tools.pm
// (pve-ha-resource-or-vm-id). PVE 9 migrated HA groups into rules, so `group` is refused.

const SID = { type: 'string', format: 'pve-ha-resource-or-vm-id' } as const;
const TYPE = { type: 'string', optional: true, enum: ['ct', 'vm'] } as const;
const STATES: readonly HaRequestState[] = ['started', 'stopped', 'enabled', 'disabled', 'ignored'];
// resources.cfg keys besides state, and their types in the API's answers.
const INTEGER_OPTIONS = new Set(['max_restart', 'max_relocate']);
const BOOLEAN_OPTIONS = new Set(['failback', 'auto-rebalance']);

const RESOURCE_OPTIONS: RouteParameters = {
  state: { type: 'string', optional: true, enum: STATES },
  comment: { type: 'string', optional: true, maxLength: 4096 },
  max_restart: { type: 'integer', optional: true, minimum: 0 },
  max_relocate: { type: 'integer', optional: true, minimum: 0 },
  failback: { type: 'boolean', optional: true },
  'auto-rebalance': { type: 'boolean', optional: true },
  group: { type: 'string', optional: true, format: 'pve-configid' },
};

/** PVE::HA::Config::parse_sid: `100` names the guest with that VMID, `vm:100` itself. */
function parseSid(state: SimulatorState, sid: string): { sid: string; type: string; name: string } {
  if (/^\d+$/.test(sid)) {
    const guest = state.guest(Number(sid));
    if (!guest) throw PveHttpError.failed(`unable to detect SID from VMID - VM/CT ${sid} does not exist`);
    const type = guest.type === 'qemu' ? 'vm' : 'ct';
    return { sid: `${type}:${sid}`, type, name: sid };
  }
  const match = /^(\S+):(\S+)$/.exec(sid);
  if (!match) throw PveHttpError.failed(`unable to parse service id '${sid}'`);
  return { sid, type: match[1] ?? '', name: match[2] ?? '' };
}

/** The resource plugins' verify_name and exists: a VM resource names an existing VM, a CT one a container. */
function assertGuestExists(state: SimulatorState, type: string, name: string): void {
  if (type !== 'vm' && type !== 'ct') throw PveHttpError.failed(`no such resource type '${type}'`);
  if (!/^[1-9][0-9]+$/.test(name)) throw PveHttpError.failed('invalid VMID');
  const guest = state.guest(Number(name));
  if (!guest) throw PveHttpError.failed(`resource '${type}:${name}' does not exist in cluster`);
  if (type === 'vm' && guest.type !== 'qemu')
    throw PveHttpError.failed(`resource 'vm:${name}' - guest with ID ${name} is not a VM`);
  if (type === 'ct' && guest.type !== 'lxc')
    throw PveHttpError.failed(`resource 'ct:${name}' - guest with ID ${name} is not a container`);
}

/** A resource as the API answers it: the config entry, typed, with its sid, type and the file's digest. */
export function resourceView(resource: HaResource, digest: string): Record<string, string | number> {
  const view: Record<string, string | number> = {
    sid: resource.sid,
    type: resource.type,
    state: resource.state,
    digest,
  };
  for (const [key, value] of Object.entries(resource.options)) {
    view[key] = INTEGER_OPTIONS.has(key) || BOOLEAN_OPTIONS.has(key) ? Number(value) : value;
  }
  return view;
}

function optionsFrom(params: Readonly<Record<string, string>>): Record<string, string> {
  const options: Record<string, string> = {};
  for (const key of ['comment', 'max_restart', 'max_relocate', 'failback', 'auto-rebalance']) {
    const value = params[key];
    if (value !== undefined) options[key] = value;
  }
  return options;
}

function refuseGroup(params: Readonly<Record<string, string>>): void {
  if (params['group'] !== undefined)
    throw PveHttpError.failed("invalid parameter 'group': ha groups have been migrated to rules");
}

const SYS_AUDIT = { check: ['perm', '/', ['Sys.Audit']] } as const;
const SYS_CONSOLE = { check: ['perm', '/', ['Sys.Console']] } as const;

const haIndexRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/ha',
  parameters: {},
  permissions: SYS_AUDIT,
  handle: () => [{ id: 'status' }, { id: 'resources' }, { id: 'groups' }, { id: 'rules' }],
};

const listResourcesRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/ha/resources',
  parameters: { type: TYPE },
  permissions: SYS_AUDIT,
  handle: ({ params }, { state }) => {
    const digest = configDigestOf(state.ha.resources());
    return state.ha
      .resources()
      .filter((resource) => params['type'] === undefined || resource.type === params['type'])
      .map((resource) => resourceView(resource, digest));
  },
};

const readResourceRoute: RouteDefinition = {
  method: 'GET',
  path: '/cluster/ha/resources/{sid}',
  parameters: { sid: SID },
  permissions: SYS_AUDIT,
  handle: ({ params }, { state }) => {
    const { sid } = parseSid(state, params['sid'] ?? '');
    const resource = state.ha.resource(sid);
    if (!resource) throw PveHttpError.failed(`no such resource '${sid}'`);
    return resourceView(resource, configDigestOf(state.ha.resources()));
  },
};

const createResourceRoute: RouteDefinition = {
  method: 'POST',
  path: '/cluster/ha/resources',
  parameters: { sid: SID, type: TYPE, ...RESOURCE_OPTIONS },
  permissions: SYS_CONSOLE,
  handle: ({ params }, { state }) => {
    const { sid, type, name } = parseSid(state, params['sid'] ?? '');
    if (params['type'] !== undefined && params['type'] !== type)
      throw PveHttpError.failed('types does not match');
    refuseGroup(params);
    assertGuestExists(state, type, name);
    if (state.ha.resource(sid))
      throw PveHttpError.failed(`create resource failed: resource ID '${sid}' already defined`);
    state.ha.add(
      {
        sid,
        type: type as HaResource['type'],
        state: (params['state'] as HaRequestState | undefined) ?? 'started',
        options: optionsFrom(params),
      },
      Date.now(),
    );
    return null;
  },
};

const updateResourceRoute: RouteDefinition = {
  method: 'PUT',
  path: '/cluster/ha/resources/{sid}',
  parameters: {
    sid: SID,
    ...RESOURCE_OPTIONS,
    delete: { type: 'string', optional: true, format: 'pve-configid-list', maxLength: 4096 },
    digest: { type: 'string', optional: true, maxLength: 64 },
  },
  permissions: SYS_CONSOLE,
  handle: ({ params }, { state }) => {
    const { sid } = parseSid(state, params['sid'] ?? '');
    refuseGroup(params);
    const resource = state.ha.resource(sid);
    const digest = params['digest'];
    if (digest && digest !== configDigestOf(state.ha.resources()))
      throw PveHttpError.failed('detected modified configuration - file changed by other user? Try again.');
    if (!resource) throw PveHttpError.failed(`no such resource '${sid}'`);
    for (const key of (params['delete'] ?? '').split(/[,;\s]+/).filter(Boolean)) delete resource.options[key];
    Object.assign(resource.options, optionsFrom(params));
    if (params['state'] !== undefined) resource.state = params['state'] as HaRequestState;
    return null;
  },
};

const deleteResourceRoute: RouteDefinition = {
  method: 'DELETE',
  path: '/cluster/ha/resources/{sid}',
  parameters: { sid: SID, purge: { type: 'boolean', optional: true } },
  permissions: SYS_CONSOLE,
  handle: ({ params }, { state }) => {
    const { sid } = parseSid(state, params['sid'] ?? '');
    if (!state.ha.remove(sid)) throw PveHttpError.failed(`cannot delete service '${sid}', not HA managed!`);
    return null;
  },
};

export const haResourceRoutes: readonly RouteDefinition[] = [
  haIndexRoute,
  listResourcesRoute,
  readResourceRoute,
  createResourceRoute,
  updateResourceRoute,
  deleteResourceRoute,
];
