import { randomUUID } from 'node:crypto';
import { PveHttpError } from '../../http/pve-http-error';
import { resolveProxyNode } from '../../http/proxy-to-node';
import type { RouteDefinition } from '../../routes/route';
import type { ClusterNode } from '../../state/cluster-node';
import type { Guest } from '../../state/guest';
import { guestResources } from '../../state/guest-resources';
import type { SimulatorState } from '../../state/simulator-state';
import { splitList } from '../../formats/value-checks';
import { formatDuration, logTimestamp } from '../../tasks/log-time';
import type { TaskContext, TaskWork } from '../../tasks/task-engine';
import { NODE_PARAMETER } from '../../routes/standard-parameters';
import { assertUnlocked } from './guest-locks';
import { configDisks } from './guest-volumes';
import { fileVolumePath } from './storage-paths';

// Sources: pve-manager PVE/API2/VZDump.pm (the API call) and PVE/VZDump.pm (the job:
// exec_backup, exec_backup_task, compressor_info), qemu-server PVE/VZDump/QemuServer.pm
// and pve-container PVE/VZDump/LXC.pm (the `backup` lock). One `vzdump` task backs the
// guests up one after another; each holds the lock `backup` while it is being saved and
// leaves `<storage>:backup/vzdump-<type>-<vmid>-<YYYY_MM_DD-hh_mm_ss>.<vma|tar>[.<ext>]`.
// Simplification: PVE lets one backup job run per node at a time (others wait for its
// global lock); the simulator runs them side by side.

const COMPRESSION_EXTENSIONS: Readonly<Record<string, string>> = {
  '0': '',
  '1': '.lzo',
  lzo: '.lzo',
  gzip: '.gz',
  zstd: '.zst',
};
const GIB = 1024 ** 3;

interface BackupJob {
  readonly state: SimulatorState;
  readonly node: ClusterNode;
  readonly params: Readonly<Record<string, string>>;
  readonly storage: string;
  readonly mode: 'snapshot' | 'suspend' | 'stop';
  readonly vmids: readonly number[];
  readonly startedAt: number;
}

interface GuestBackup {
  readonly guest: Guest;
  readonly startedAt: number;
  readonly archive: string;
  readonly wasRunning: boolean;
}

function info(context: TaskContext, message: string): void {
  for (const line of message.split('\n')) context.log(`INFO: ${line}`);
}

/** vzdump's archive timestamp: `-%Y_%m_%d-%H_%M_%S` in the node's local time. */
function archiveTime(date: Date): string {
  return logTimestamp(date).replace(/-/g, '_').replace(' ', '-').replace(/:/g, '_');
}

/** PVE::VZDump::Common::command_line: how the job reads in its first log line. */
function commandLine(job: BackupJob): string {
  const options = Object.entries(job.params)
    .filter(([key]) => key !== 'vmid' && key !== 'node')
    .map(([key, value]) => `--${key} ${value}`);
  const ids = job.params['all'] === '1' ? '--all 1' : job.vmids.join(' ');
  return ['vzdump', ids, ...options, `--node ${job.node.name}`].filter((part) => part !== '').join(' ');
}

/** The vmids this node backs up: listed ones on this node (or gone), everything with `all`, a pool's. */
function localVmids(state: SimulatorState, node: string, params: Readonly<Record<string, string>>): number[] {
  if (params['all'] === '1' || params['pool'] !== undefined) {
    const excluded = new Set(splitList(params['exclude'] ?? '').map(Number));
    const pool = params['pool'] === undefined ? undefined : state.pool(params['pool']);
    return state
      .guests()
      .filter((guest) => guest.node === node && !excluded.has(guest.vmid))
      .filter((guest) => !pool || pool.vms.has(guest.vmid))
      .map((guest) => guest.vmid)
      .sort((a, b) => a - b);
  }
  return [...new Set(splitList(params['vmid'] ?? '').map(Number))]
    .filter((vmid) => {
      const guest = state.guest(vmid);
      return !guest || guest.node === node;
    })
    .sort((a, b) => a - b);
}

function startGuestBackup(job: BackupJob, vmid: number, context: TaskContext): GuestBackup {
  const guest = job.state.guest(vmid);
  const started = new Date();
  info(context, `Starting Backup of VM ${vmid} (${guest?.type ?? 'qemu'})`);
  info(context, `Backup started at ${logTimestamp(started)}`);
  if (!guest) throw new Error(`unable to find VM '${vmid}'`);
  assertUnlocked(guest);
  guest.config['lock'] = 'backup';
  const running = guest.status === 'running';
  info(context, `status = ${running ? 'running' : 'stopped'}`);
  info(context, `${guest.type === 'qemu' ? 'VM' : 'CT'} Name: ${guestResources(guest).name}`);
  for (const disk of configDisks(guest.type, guest.config)) {
    if (disk.cdrom || disk.key.startsWith('unused')) continue;
    if (disk.values['backup'] === '0') {
      info(context, `exclude disk '${disk.key}' '${disk.volid}' (backup=no)`);
    } else if (guest.type === 'qemu') {
      info(context, `include disk '${disk.key}' '${disk.volid}' ${disk.values['size'] ?? ''}`.trimEnd());
    } else {
      info(context, `including mount point ${disk.key} ('${disk.values['mp'] ?? '/'}') in backup`);
    }
  }
  const mode = running ? job.mode : 'stop';
  info(context, `backup mode: ${mode}`);
  info(context, 'ionice priority: 7');
  if (running && mode === 'stop') {
    info(context, 'stopping virtual guest');
    guest.status = 'stopped';
  } else if (running && mode === 'suspend') {
    info(context, 'suspending guest');
    if (guest.type === 'qemu') guest.paused = true;
  }
  const extension = `${guest.type === 'qemu' ? '.vma' : '.tar'}${COMPRESSION_EXTENSIONS[job.params['compress'] ?? '0'] ?? ''}`;
  const archive = `${job.storage}:backup/vzdump-${guest.type}-${vmid}-${archiveTime(started)}${extension}`;
  info(context, `creating vzdump archive '${fileVolumePath(archive)}'`);
  if (guest.type === 'qemu' && !running) info(context, 'starting kvm to execute backup task');
  return { guest, startedAt: started.getTime(), archive, wasRunning: running };
}

function finishGuestBackup(job: BackupJob, backup: GuestBackup, context: TaskContext): void {
  const { guest } = backup;
  const diskBytes = configDisks(guest.type, guest.config)
    .filter((disk) => !disk.cdrom && !disk.key.startsWith('unused') && disk.values['backup'] !== '0')
    .reduce((sum, disk) => sum + (disk.sizeBytes ?? 0), 0);
  const archiveBytes = Math.max(64 * 1024 ** 2, Math.round(diskBytes * 0.12));
  const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
  if (guest.type === 'qemu') {
    info(context, `started backup task '${randomUUID()}'`);
    if (backup.wasRunning && job.mode === 'snapshot') info(context, 'resuming VM again');
    for (const percent of [25, 50, 75, 100]) {
      info(
        context,
        `${String(percent).padStart(3)}% (${gib((diskBytes * percent) / 100)} of ${gib(diskBytes)}) in ${percent / 25}s, read: 1.0 GiB/s, write: 410.0 MiB/s`,
      );
    }
    info(context, `transferred ${gib(diskBytes)} in 4 seconds (1.0 GiB/s)`);
    if (!backup.wasRunning) info(context, 'stopping kvm after backup task');
  } else {
    info(
      context,
      `Total bytes written: ${archiveBytes * 3} (${Math.round((archiveBytes * 3) / 1024 ** 2)}MiB, 310MiB/s)`,
    );
  }
  info(context, `archive file size: ${(archiveBytes / 1000 ** 3).toFixed(2)}GB`);
  const notes = notesFrom(job, guest);
  if (notes !== undefined) info(context, 'adding notes to backup');
  if (job.params['protected'] === '1') info(context, 'marking backup as protected');

  const extension = /\.(vma|tar)(\.(?:zst|gz|lzo))?$/.exec(backup.archive);
  job.state.addVolume({
    node: job.node.name,
    storage: job.storage,
    volid: backup.archive,
    content: 'backup',
    format: `${extension?.[1] ?? 'vma'}${extension?.[2] ?? ''}`,
    size: archiveBytes,
    ctime: Math.floor(backup.startedAt / 1000),
    vmid: guest.vmid,
    subtype: guest.type,
    ...(notes !== undefined && { notes }),
    ...(job.params['protected'] === '1' && { protected: true }),
  });
  const config = { ...guest.config };
  delete config['lock'];
  job.state.backupArchives.record(job.node.name, backup.archive, {
    type: guest.type,
    vmid: guest.vmid,
    config,
  });

  delete guest.config['lock'];
  if (backup.wasRunning && guest.status !== 'running') {
    info(context, 'resuming guest');
    guest.status = 'running';
  }
  if (guest.paused && backup.wasRunning && job.mode === 'suspend') {
    info(context, 'resuming guest');
    delete guest.paused;
  }
  const seconds = (Date.now() - backup.startedAt) / 1000;
  info(context, `Finished Backup of VM ${guest.vmid} (${formatDuration(Math.max(1, seconds))})`);
  info(context, `Backup finished at ${logTimestamp()}`);
}

/** `notes-template` with its {{guestname}}, {{vmid}}, {{node}}, {{cluster}} variables. */
function notesFrom(job: BackupJob, guest: Guest): string | undefined {
  const template = job.params['notes-template'];
  if (template === undefined) return undefined;
  const values: Record<string, string> = {
    guestname: guestResources(guest).name,
    vmid: String(guest.vmid),
    node: job.node.name,
    cluster: job.state.clusterName,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
}

/** vzdump's storage check, made when the job starts: the storage must hold backups. */
function assertBackupStorage(job: BackupJob): void {
  const storage = job.state
    .storages()
    .find((entry) => entry.storage === job.storage && entry.node === job.node.name);
  const problem = !storage
    ? `storage '${job.storage}' does not exist`
    : !storage.content.includes('backup')
      ? `can't use storage '${job.storage}' for backups - wrong content type`
      : undefined;
  if (problem) throw new Error(`could not get storage information for '${job.storage}': ${problem}`);
}

/** The job's stages: the first guest starts with the task, each stage finishes one and starts the next. */
function backupStages(job: BackupJob): {
  begin: TaskWork;
  stages: TaskWork[];
  work: TaskWork;
  interrupted: TaskWork;
} {
  let current: GuestBackup | undefined;
  let errors = 0;
  const begin = (vmid: number | undefined, context: TaskContext) => {
    current = undefined;
    if (vmid === undefined) return;
    try {
      current = startGuestBackup(job, vmid, context);
    } catch (error: unknown) {
      errors += 1;
      context.log(`ERROR: Backup of VM ${vmid} failed - ${(error as Error).message}`);
      info(context, `Failed at ${logTimestamp()}`);
    }
  };
  const finish = (context: TaskContext) => {
    if (current) finishGuestBackup(job, current, context);
  };
  const vmids = job.vmids;
  return {
    begin: (context) => {
      assertBackupStorage(job);
      info(context, `starting new backup job: ${commandLine(job)}`);
      begin(vmids[0], context);
    },
    stages: vmids.slice(1).map((vmid) => (context: TaskContext) => {
      finish(context);
      begin(vmid, context);
    }),
    // vzdump's signal handler: the guest in progress fails and gets its lock back off.
    interrupted: (context) => {
      if (!current) return;
      delete current.guest.config['lock'];
      context.log(`ERROR: Backup of VM ${current.guest.vmid} failed - interrupted by signal`);
    },
    work: (context) => {
      finish(context);
      if (errors > 0) {
        info(context, 'Backup job finished with errors');
        throw new Error('job errors');
      }
      info(context, 'Backup job finished successfully');
    },
  };
}

export const guestBackupRoutes: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/nodes/{node}/vzdump',
    parameters: {
      node: { ...NODE_PARAMETER, optional: true },
      vmid: { type: 'string', optional: true, format: 'pve-vmid-list' },
      all: { type: 'boolean', optional: true },
      exclude: { type: 'string', optional: true, format: 'pve-vmid-list' },
      pool: { type: 'string', optional: true },
      storage: { type: 'string', optional: true, format: 'pve-storage-id' },
      mode: { type: 'string', optional: true, enum: ['snapshot', 'suspend', 'stop'] },
      compress: { type: 'string', optional: true, enum: ['0', '1', 'gzip', 'lzo', 'zstd'] },
      remove: { type: 'boolean', optional: true },
      protected: { type: 'boolean', optional: true, requires: 'storage' },
      'notes-template': { type: 'string', optional: true, maxLength: 1024, requires: 'storage' },
      bwlimit: { type: 'integer', optional: true, minimum: 0 },
      zstd: { type: 'integer', optional: true },
      quiet: { type: 'boolean', optional: true },
    },
    proxyToNode: true,
    // VM.Backup on every guest and Datastore.AllocateSpace on the storage are checked by the handler.
    permissions: { user: 'all' },
    handle: ({ params, identity, access }, { state, tasks }) => {
      const node = resolveProxyNode(state, params['node'] ?? '');
      for (const option of ['all', 'exclude', 'pool'] as const) {
        if (params[option] !== undefined && params[option] !== '0' && params['vmid'] !== undefined) {
          throw PveHttpError.parameters({ [option]: "option conflicts with option 'vmid'" });
        }
      }
      if (
        params['all'] !== '1' &&
        params['pool'] === undefined &&
        params['exclude'] === undefined &&
        !params['vmid']
      ) {
        throw PveHttpError.parameters({ vmid: 'property is missing' });
      }
      const vmids = localVmids(state, node.name, params);
      for (const vmid of vmids) access.check(`/vms/${vmid}`, ['VM.Backup']);
      // Guests that live on other nodes are theirs to back up: nothing to do here.
      if (vmids.length === 0 && params['all'] !== '1') return 'OK';
      const storage = params['storage'] ?? 'local';
      access.check(`/storage/${storage}`, ['Datastore.AllocateSpace']);
      const job: BackupJob = {
        state,
        node,
        params,
        storage,
        mode: (params['mode'] as BackupJob['mode'] | undefined) ?? 'snapshot',
        vmids,
        startedAt: Date.now(),
      };
      return tasks.start({
        node,
        type: 'vzdump',
        id: vmids.length === 1 ? String(vmids[0]) : '',
        user: identity.authId,
        ...backupStages(job),
      }).upid;
    },
  },
];
