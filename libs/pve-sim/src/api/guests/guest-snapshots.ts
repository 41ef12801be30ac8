import type { Guest, GuestConfig } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { addUnusedVolume } from './guest-config-update';
import { assertUnlocked, removeLock, setLock } from './guest-locks';
import { markStopped, startVm } from './guest-power';
import { configDisks, nodeStorage, parseVolumeId, referencedVolids } from './guest-volumes';

// Snapshots as pve-guest-common's PVE::AbstractConfig keeps them: a `[name]` section of
// the config file holding a copy of the config (with `snaptime`, the comment as
// `description` and the previous `parent`), the current config's `parent` pointing at
// the newest one. Volumes get storage snapshots (`snap_vm-100-disk-0_<name>` on LVM-thin).

// __snapshot_copy_config: what a snapshot does not take over from the config it copies.
const NOT_COPIED = new Set([
  'snapshots',
  'snapstate',
  'snaptime',
  'vmstate',
  'lock',
  'digest',
  'description',
]);

function copyConfig(source: GuestConfig, target: GuestConfig): void {
  for (const [key, value] of Object.entries(source)) {
    if (NOT_COPIED.has(key) || /^unused\d+$/.test(key)) continue;
    target[key] = value;
  }
}

function snapshotOf(guest: Guest, snapname: string): GuestConfig {
  const snapshot = guest.snapshots?.[snapname];
  if (!snapshot) throw new Error(`snapshot '${snapname}' does not exist`);
  return snapshot;
}

/** Storage snapshots of the guest's disks (not CD-ROMs), with the LV names lvmthin gives them. */
function snapshotVolumes(
  state: SimulatorState,
  guest: Guest,
  config: GuestConfig,
): Array<{ key: string; volid: string; lv: string }> {
  return configDisks(guest.type, config)
    .filter((disk) => !disk.cdrom && !disk.key.startsWith('unused') && parseVolumeId(disk.volid))
    .map((disk) => {
      const parsed = parseVolumeId(disk.volid);
      const storage = nodeStorage(state, guest.node, parsed?.storage ?? '');
      // pve-storage: LVM-thin and ZFS snapshot volumes; a directory storage only qcow2 images.
      const capable = storage.plugintype === 'lvmthin' || /\.qcow2$/.test(parsed?.volname ?? '');
      if (!capable) throw new Error('snapshot feature is not available');
      return { key: disk.key, volid: disk.volid, lv: parsed?.volname.split('/').at(-1) ?? '' };
    });
}

export interface SnapshotRequest {
  readonly state: SimulatorState;
  readonly guest: Guest;
  readonly snapname: string;
  readonly description?: string;
  readonly vmstate: boolean;
}

/** AbstractConfig::__snapshot_prepare: checks, the `snapshot` lock and the section in state `prepare`. */
export function prepareSnapshot(request: SnapshotRequest, context: TaskContext): void {
  const { guest, snapname } = request;
  if (guest.config['template'] === '1') throw new Error("you can't take a snapshot if it's a template");
  assertUnlocked(guest);
  // PVE writes the config (lock included) only once every check passed.
  if (guest.snapshots?.[snapname]) throw new Error(`snapshot name '${snapname}' already used`);
  const volumes = snapshotVolumes(request.state, guest, guest.config);
  guest.config['lock'] = 'snapshot';
  const snapshots = (guest.snapshots ??= {});
  const snapshot: GuestConfig = {};
  copyConfig(guest.config, snapshot);
  snapshot['snapstate'] = 'prepare';
  snapshot['snaptime'] = String(Math.floor(Date.now() / 1000));
  if (request.description) snapshot['description'] = request.description;
  if (request.vmstate && guest.type === 'qemu' && guest.status === 'running') {
    const storage = volumes[0]?.volid.split(':', 1)[0] ?? 'local-lvm';
    snapshot['vmstate'] = `${storage}:vm-${guest.vmid}-state-${snapname}`;
    snapshot['runningmachine'] = 'pc-i440fx-10.1+pve0';
    context.log(`saving VM state and RAM using storage '${storage}'`);
    context.log('completed saving the VM state in 1s, saved 1.02 GiB');
  }
  snapshots[snapname] = snapshot;
  for (const volume of volumes) {
    if (guest.type === 'qemu') context.log(`snapshotting 'drive-${volume.key}' (${volume.volid})`);
    context.log(`  Logical volume "snap_${volume.lv}_${snapname}" created.`);
  }
}

/** __snapshot_commit: the section is complete, the config's parent is the new snapshot. */
export function commitSnapshot(guest: Guest, snapname: string): void {
  if (guest.config['lock'] !== 'snapshot') throw new Error('missing snapshot lock');
  const snapshot = snapshotOf(guest, snapname);
  if (snapshot['snapstate'] !== 'prepare') throw new Error('wrong snapshot state');
  delete snapshot['snapstate'];
  delete guest.config['lock'];
  guest.config['parent'] = snapname;
}

/** snapshot_delete's first part: the `snapshot-delete` lock and the section marked for deletion. */
export function prepareSnapshotDelete(guest: Guest, snapname: string): void {
  snapshotOf(guest, snapname);
  setLock(guest, 'snapshot-delete');
  if (guest.config['template'] === '1') throw new Error("you can't delete a snapshot if vm is a template");
  snapshotOf(guest, snapname)['snapstate'] = 'delete';
}

/** snapshot_delete's end: storage snapshots removed, children re-parented, the lock released. */
export function finishSnapshotDelete(
  state: SimulatorState,
  guest: Guest,
  snapname: string,
  context: TaskContext,
): void {
  if (guest.config['lock'] !== 'snapshot-delete')
    throw new Error("encountered invalid lock, expected 'snapshot-delete'");
  const snapshot = snapshotOf(guest, snapname);
  for (const volume of snapshotVolumes(state, guest, snapshot)) {
    context.log(`  Logical volume "snap_${volume.lv}_${snapname}" successfully removed.`);
  }
  const parent = snapshot['parent'];
  for (const config of [guest.config, ...Object.values(guest.snapshots ?? {})]) {
    if (config['parent'] !== snapname) continue;
    if (parent === undefined) delete config['parent'];
    else config['parent'] = parent;
  }
  delete guest.snapshots?.[snapname];
  if (guest.snapshots && Object.keys(guest.snapshots).length === 0) delete guest.snapshots;
  removeLock(guest, 'snapshot-delete');
}

/**
 * snapshot_rollback's prepare step: checks, a running guest is stopped, the lock
 * `rollback` is taken.
 */
export function prepareRollback(guest: Guest, snapname: string): void {
  if (guest.config['template'] === '1') throw new Error("you can't rollback if vm is a template");
  const snapshot = snapshotOf(guest, snapname);
  if (snapshot['snapstate'] !== undefined) {
    throw new Error(`unable to rollback to incomplete snapshot (snapstate = ${snapshot['snapstate']})`);
  }
  assertUnlocked(guest);
  if (guest.status === 'running') markStopped(guest);
  guest.config['lock'] = 'rollback';
}

/**
 * snapshot_rollback's second step: the snapshot's config becomes the current one
 * (keeping the description and unused disks), disks only the current config
 * referenced become unused, the parent is the snapshot. A snapshot with RAM starts again.
 */
export function finishRollback(
  state: SimulatorState,
  guest: Guest,
  snapname: string,
  context: TaskContext,
  agentDelayMs: number,
): void {
  if (guest.config['lock'] !== 'rollback') throw new Error('got wrong lock');
  const snapshot = snapshotOf(guest, snapname);
  for (const volume of snapshotVolumes(state, guest, snapshot)) {
    context.log(`  Logical volume "${volume.lv}" successfully removed.`);
    context.log(`  Logical volume "${volume.lv}" created.`);
  }
  const current = guest.config;
  const kept = new Set(referencedVolidsOf(guest, snapshot));
  const config: GuestConfig = {};
  for (const [key, value] of Object.entries(current)) {
    if (/^unused\d+$/.test(key) || key === 'description') config[key] = value;
  }
  copyConfig(snapshot, config);
  config['parent'] = snapname;
  guest.config = config;
  for (const disk of configDisks(guest.type, current)) {
    if (!disk.cdrom && !disk.key.startsWith('unused') && parseVolumeId(disk.volid) && !kept.has(disk.volid)) {
      addUnusedVolume(guest, disk.volid);
    }
  }
  if (snapshot['vmstate'] !== undefined && guest.type === 'qemu') startVm(guest, context, agentDelayMs);
}

function referencedVolidsOf(guest: Guest, config: GuestConfig): string[] {
  return [...referencedVolids({ ...guest, config, snapshots: {} })];
}
