import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { ClusterNode } from '../../state/cluster-node';
import type { Guest, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import { formatDuration, logTimestamp } from '../../tasks/log-time';
import type { TaskContext } from '../../tasks/task-engine';
import { assertUnlocked } from './guest-locks';
import { configDisks, nodeStorage, parseVolumeId, referencedVolids } from './guest-volumes';
import { loadGuestConfig } from './load-guest-config';

// Sources: qemu-server PVE/API2/Qemu.pm migrate_vm + PVE/QemuMigrate.pm, pve-container
// PVE/API2/LXC.pm migrate_vm + PVE/LXC/Migrate.pm, pve-guest-common PVE/AbstractMigrate.pm
// (the log format and the "migration aborted" exit). The guest holds the lock `migrate`
// from phase 1 on and belongs to the target node when the task ends.

interface Migration {
  readonly state: SimulatorState;
  readonly source: ClusterNode;
  readonly target: ClusterNode;
  readonly type: GuestType;
  readonly vmid: number;
  readonly params: Readonly<Record<string, string>>;
  readonly startedAt: number;
}

/** AbstractMigrate::log: every line carries the time. */
function log(context: TaskContext, message: string, level: 'info' | 'err' = 'info'): void {
  context.log(`${logTimestamp()} ${level === 'err' ? 'ERROR: ' : ''}${message}`);
}

function targetNode(state: SimulatorState, source: ClusterNode, name: string): ClusterNode {
  if (name === source.name) throw PveHttpError.parameters({ target: 'target is local node.' });
  const target = state.node(name);
  if (!target) throw PveHttpError.failed(`no such cluster node '${name}'`);
  return target;
}

/** check_storage_availability: every volume's storage must exist on the target node too. */
function assertStoragesOnTarget(migration: Migration, guest: Guest): void {
  for (const volid of referencedVolids(guest)) {
    const storage = parseVolumeId(volid)?.storage;
    if (storage !== undefined) nodeStorage(migration.state, migration.target.name, storage);
  }
}

/** Local disks that move with the guest, as the scan logs them. */
function localVolumes(migration: Migration, guest: Guest): string[] {
  return [...referencedVolids(guest)].filter((volid) => {
    const storage = parseVolumeId(volid)?.storage;
    return storage !== undefined && !nodeStorage(migration.state, migration.source.name, storage).shared;
  });
}

/** Local volumes that are linked clones, with the base image their name carries (parse_volname's basename). */
function linkedClones(migration: Migration, guest: Guest): Array<{ volid: string; base: string }> {
  return localVolumes(migration, guest).flatMap((volid) => {
    const base = /^(?:\d+\/)?(base-\d+-[^/\s]+)\//.exec(parseVolumeId(volid)?.volname ?? '')?.[1];
    return base === undefined ? [] : [{ volid, base }];
  });
}

/** AbstractMigrate::migrate's epilogue: the error is logged, the task dies with "migration aborted". */
function abort(migration: Migration, context: TaskContext, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const duration = formatDuration((Date.now() - migration.startedAt) / 1000);
  log(context, `migration aborted (duration ${duration}): ${message}`, 'err');
  throw new Error('migration aborted');
}

/** AbstractMigrate's signal handler: the migration fails and the guest stays, unlocked, on its node. */
function interruptedMigration(guest: Guest | undefined, context: TaskContext): void {
  if (guest) delete guest.config['lock'];
  log(context, 'migration aborted: interrupted by signal', 'err');
}

/** The target must be up: PVE reaches it over SSH first. */
function assertTargetReachable(migration: Migration): void {
  if (migration.target.status !== 'online')
    throw new Error("Can't connect to destination address using public key");
}

function moveGuest(migration: Migration, guest: Guest, context: TaskContext): void {
  const online = guest.status === 'running';
  for (const volid of localVolumes(migration, guest))
    log(context, `volume '${volid}' is '${volid}' on the target`);
  guest.node = migration.target.name;
  delete guest.config['lock'];
  if (online) {
    // The guest runs in a new process on the target now.
    guest.startedAt = Date.now();
    guest.pid = context.task.pid + 1;
  }
  const duration = formatDuration((Date.now() - migration.startedAt) / 1000);
  log(context, `migration finished successfully (duration ${duration})`);
}

// ---- qemu ----------------------------------------------------------------------------

function qemuPrepare(migration: Migration, context: TaskContext): Guest {
  const guest = loadGuestConfig(migration.state, migration.source.name, 'qemu', migration.vmid);
  assertUnlocked(guest);
  assertTargetReachable(migration);
  const running = guest.status === 'running';
  const errors: string[] = [];
  for (const disk of configDisks('qemu', guest.config)) {
    if (disk.cdrom || !parseVolumeId(disk.volid)) continue;
    const local = localVolumes(migration, guest).includes(disk.volid);
    if (!local) continue;
    if (running && migration.params['with-local-disks'] !== '1' && !disk.key.startsWith('unused')) {
      errors.push(
        `can't migrate local disk '${disk.volid}': can't live migrate attached local disks without with-local-disks option`,
      );
    }
    log(
      context,
      `found local disk '${disk.volid}' (${disk.key.startsWith('unused') ? 'unused' : 'attached'})`,
    );
  }
  for (const error of errors) log(context, error);
  if (errors.length > 0)
    throw new Error("Problem found while scanning volumes - can't migrate VM - check log");
  // QemuMigrate's "additional checks for local storage": the base image of a linked clone
  // stays behind on the source node. Its `die` has no newline, so Perl names the line.
  const clone = linkedClones(migration, guest)[0];
  if (clone) {
    throw new Error(
      `Problem found while scanning volumes - can't migrate '${clone.volid}' as it's a clone of '${clone.base}' at /usr/share/perl5/PVE/QemuMigrate.pm line 586.`,
    );
  }
  log(
    context,
    `starting migration of VM ${migration.vmid} to node '${migration.target.name}' (${migration.target.ip ?? migration.target.name})`,
  );
  guest.config['lock'] = 'migrate';
  return guest;
}

function qemuTransfer(migration: Migration, guest: Guest, context: TaskContext): void {
  const disks = localVolumes(migration, guest);
  if (guest.status !== 'running') {
    if (disks.length > 0) log(context, 'copying local disk images');
    moveGuest(migration, guest, context);
    return;
  }
  log(context, `starting VM ${migration.vmid} on remote node '${migration.target.name}'`);
  if (disks.length > 0) {
    log(context, 'starting storage migration');
    for (const disk of configDisks('qemu', guest.config).filter((entry) => disks.includes(entry.volid))) {
      log(
        context,
        `${disk.key}: start migration to nbd:unix:/run/qemu-server/${migration.vmid}_nbd.migrate:exportname=drive-${disk.key}`,
      );
      log(context, `drive mirror is starting for drive-${disk.key}`);
    }
    log(context, "all 'mirror' jobs are ready");
  }
  log(context, `starting online/live migration on unix:/run/qemu-server/${migration.vmid}.migrate`);
  log(context, 'set migration capabilities');
  log(context, 'migration downtime limit: 100 ms');
  log(context, `start migrate command to unix:/run/qemu-server/${migration.vmid}.migrate`);
  log(context, 'average migration speed: 1.1 GiB/s - downtime 61 ms');
  log(context, 'migration status: completed');
  moveGuest(migration, guest, context);
}

const qemuMigrateRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/migrate',
  parameters: {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    target: NODE_PARAMETER,
    online: { type: 'boolean', optional: true },
    force: { type: 'boolean', optional: true },
    migration_type: { type: 'string', optional: true, enum: ['secure', 'insecure'] },
    'with-local-disks': { type: 'boolean', optional: true },
    bwlimit: { type: 'integer', optional: true, minimum: 0 },
    'with-conntrack-state': { type: 'boolean', optional: true },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Migrate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const source = resolveProxyNode(state, params['node']);
    const target = targetNode(state, source, params['target'] ?? '');
    for (const option of ['force', 'migration_type'] as const) {
      if (params[option] !== undefined && params[option] !== '0' && identity.authId !== 'root@pam') {
        throw PveHttpError.parameters({ [option]: 'Only root may use this option.' });
      }
    }
    const vmid = Number(params['vmid']);
    const guest = loadGuestConfig(state, source.name, 'qemu', vmid);
    const migration: Migration = { state, source, target, type: 'qemu', vmid, params, startedAt: Date.now() };
    try {
      assertUnlocked(guest);
      if (guest.status === 'running' && params['online'] !== '1')
        throw new Error("can't migrate running VM without --online");
      assertStoragesOnTarget(migration, guest);
    } catch (error: unknown) {
      throw PveHttpError.failed((error as Error).message);
    }
    let migrating: Guest | undefined;
    return tasks.start({
      node: source,
      type: 'qmigrate',
      id: String(vmid),
      user: identity.authId,
      begin: (context) => {
        try {
          migrating = qemuPrepare(migration, context);
        } catch (error: unknown) {
          abort(migration, context, error);
        }
      },
      interrupted: (context) => interruptedMigration(migrating, context),
      work: (context) => {
        if (migrating) qemuTransfer(migration, migrating, context);
      },
    }).upid;
  },
};

// ---- lxc -----------------------------------------------------------------------------

function lxcPrepare(migration: Migration, context: TaskContext): Guest {
  const guest = loadGuestConfig(migration.state, migration.source.name, 'lxc', migration.vmid);
  assertUnlocked(guest);
  if (guest.status === 'running') {
    if (migration.params['online'] === '1')
      throw new Error('lxc live migration is currently not implemented');
    if (migration.params['restart'] !== '1')
      throw new Error('running container can only be migrated in restart mode');
  }
  assertTargetReachable(migration);
  if (guest.status === 'running') {
    log(context, `shutdown CT ${migration.vmid}`);
    guest.status = 'stopped';
    delete guest.startedAt;
    delete guest.pid;
  }
  log(
    context,
    `starting migration of CT ${migration.vmid} to node '${migration.target.name}' (${migration.target.ip ?? migration.target.name})`,
  );
  const clones = linkedClones(migration, guest);
  for (const volid of localVolumes(migration, guest))
    log(context, `found local volume '${volid}' (in current VM config)`);
  for (const clone of clones)
    log(context, `can't migrate local volume '${clone.volid}': clone of '${clone.base}'`);
  if (clones.length > 0) throw new Error("can't migrate CT - check log");
  guest.config['lock'] = 'migrate';
  return guest;
}

const lxcMigrateRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/lxc/{vmid}/migrate',
  parameters: {
    node: NODE_PARAMETER,
    vmid: VMID_PARAMETER,
    target: NODE_PARAMETER,
    online: { type: 'boolean', optional: true },
    restart: { type: 'boolean', optional: true },
    timeout: { type: 'integer', optional: true },
    bwlimit: { type: 'number', optional: true, minimum: 0 },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.Migrate']] },
  handle: ({ params, identity }, { state, tasks }) => {
    const source = resolveProxyNode(state, params['node']);
    const target = targetNode(state, source, params['target'] ?? '');
    const vmid = Number(params['vmid']);
    const guest = loadGuestConfig(state, source.name, 'lxc', vmid);
    if (guest.status === 'running' && params['online'] !== '1' && params['restart'] !== '1') {
      throw PveHttpError.failed("can't migrate running container without --online or --restart");
    }
    const migration: Migration = { state, source, target, type: 'lxc', vmid, params, startedAt: Date.now() };
    let migrating: Guest | undefined;
    let restart = false;
    return tasks.start({
      node: source,
      type: 'vzmigrate',
      id: String(vmid),
      user: identity.authId,
      begin: (context) => {
        restart = guest.status === 'running';
        try {
          migrating = lxcPrepare(migration, context);
        } catch (error: unknown) {
          abort(migration, context, error);
        }
      },
      interrupted: (context) => interruptedMigration(migrating, context),
      work: (context) => {
        if (!migrating) return;
        log(context, 'start final cleanup');
        if (restart) {
          log(context, 'start container on target node');
          migrating.status = 'running';
          migrating.pid = context.task.pid + 1;
        }
        moveGuest(migration, migrating, context);
      },
    }).upid;
  },
};

export const guestMigrateRoutes: readonly RouteDefinition[] = [qemuMigrateRoute, lxcMigrateRoute];
