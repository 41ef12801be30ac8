import { formatSize } from '../../formats/disk-size';
import type { StorageVolume } from '../../state/cluster-node';
import type { BackupArchive } from '../../state/backup-archives';
import type { Guest, GuestConfig, GuestType } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import type { TaskContext } from '../../tasks/task-engine';
import { normalizeNet, randomMacAddress } from './guest-network';
import {
  allocateVolume,
  configDisks,
  nodeStorage,
  parseVolumeId,
  printDisk,
  volumeKeyOf,
} from './guest-volumes';
import { fileVolumePath } from './storage-paths';
import { renameToBaseVolumes } from './guest-template.routes';

// What a restore reads from a vzdump archive and how it lays the guest's disks out
// again, from qemu-server's restore_vma_archive and pve-container's
// recover_config/restore_configuration. Disks land on the `storage` parameter when
// given, otherwise on the storage they came from.

const GIB = 1024 ** 3;
const ARCHIVE_NAME = /vzdump-(qemu|lxc)-(\d+)-/;

/**
 * The archive's guest config. Archives the simulator wrote carry the config of the
 * backed-up guest; archives a scenario seeded carry none, so the restore uses the
 * config of the guest with the archive's vmid if it still exists, or a plain default
 * (a simplification: PVE always reads the config out of the archive).
 */
export function archiveContents(state: SimulatorState, node: string, volume: StorageVolume): BackupArchive {
  const shared = state.storages().some((entry) => entry.storage === volume.storage && entry.shared);
  const recorded = state.backupArchives.find(node, volume.volid, shared);
  if (recorded) return recorded;
  const match = ARCHIVE_NAME.exec(volume.volid);
  const type: GuestType = (volume.subtype ?? match?.[1]) === 'lxc' ? 'lxc' : 'qemu';
  const vmid = volume.vmid ?? Number(match?.[2] ?? 0);
  const source = state.guest(vmid);
  if (source?.type === type) return { type, vmid, config: { ...source.config } };
  return { type, vmid, config: defaultArchiveConfig(type, vmid, volume.size) };
}

function defaultArchiveConfig(type: GuestType, vmid: number, archiveBytes: number): GuestConfig {
  // A compressed archive holds a fraction of the disk; round the disk up to whole GiB.
  const diskGiB = Math.max(4, Math.ceil((archiveBytes * 3) / GIB));
  if (type === 'qemu') {
    return {
      cores: '2',
      memory: '2048',
      ostype: 'l26',
      scsihw: 'virtio-scsi-single',
      scsi0: `local-lvm:vm-${vmid}-disk-0,iothread=1,size=${diskGiB}G`,
      net0: `virtio=${randomMacAddress()},bridge=vmbr0,firewall=1`,
      boot: 'order=scsi0;net0',
    };
  }
  return {
    arch: 'amd64',
    hostname: `CT${vmid}`,
    memory: '512',
    swap: '512',
    ostype: 'debian',
    rootfs: `local-lvm:vm-${vmid}-disk-0,size=${diskGiB}G`,
    net0: `name=eth0,bridge=vmbr0,hwaddr=${randomMacAddress()},ip=dhcp,type=veth`,
    unprivileged: '1',
  };
}

export interface RestoreLayout {
  readonly state: SimulatorState;
  readonly guest: Guest;
  readonly archive: BackupArchive;
  readonly archiveVolid: string;
  /** The `storage` parameter. */
  readonly storage?: string;
  /** `unique`: fresh MAC addresses. */
  readonly unique: boolean;
  readonly context: TaskContext;
}

/**
 * The restored config: the archive's, its disks re-created (sizes kept) on the target
 * storage, unused disks dropped (vzdump does not back them up), a template's disks
 * turned into base images again.
 */
export function restoredConfig(layout: RestoreLayout): GuestConfig {
  const { guest, archive, context } = layout;
  const type = guest.type;
  const config: GuestConfig = {};
  for (const [key, value] of Object.entries(archive.config)) {
    if (['lock', 'parent', 'snaptime', 'vmstate', 'digest'].includes(key) || /^unused\d+$/.test(key))
      continue;
    config[key] = /^net\d+$/.test(key) ? normalizeNet(type, key, value, layout.unique) : value;
  }
  if (type === 'qemu') logVmaHeader(layout);
  else {
    context.log(`recovering backed-up configuration from '${layout.archiveVolid}'`);
  }

  const reserved = new Set<string>();
  const disks = configDisks(type, archive.config).filter((disk) => !disk.key.startsWith('unused'));
  for (const disk of disks) {
    if (disk.cdrom && !disk.cloudinit) continue;
    const source = parseVolumeId(disk.volid);
    const storageId = layout.storage ?? source?.storage ?? 'local-lvm';
    const storage = nodeStorage(layout.state, guest.node, storageId);
    const content = type === 'qemu' ? 'images' : 'rootdir';
    if (!storage.content.includes(content)) {
      throw new Error(
        type === 'qemu'
          ? `Content type 'images' is not available on storage '${storageId}'`
          : `storage '${storageId}' does not support container directories`,
      );
    }
    const volid = allocateVolume(
      layout.state,
      guest.node,
      storage,
      guest.vmid,
      reserved,
      disk.cloudinit ? 'cloudinit' : 'disk',
    );
    const volname = volid.slice(storage.storage.length + 1);
    const values = { ...disk.values, [volumeKeyOf(type)]: volid };
    if (disk.sizeBytes !== undefined) values['size'] = formatSize(disk.sizeBytes);
    config[disk.key] = printDisk(type, disk.key, values);
    if (disk.cloudinit) continue;
    if (storage.plugintype === 'lvmthin') context.log(`  Logical volume "${volname}" created.`);
    if (type === 'qemu') {
      context.log(`new volume ID is '${volid}'`);
      context.log(`map 'drive-${disk.key}' to '/dev/pve/${volname}' (write zeros = 0)`);
    }
  }
  if (type === 'qemu')
    logVmaProgress(
      disks.reduce((sum, disk) => sum + (disk.cdrom ? 0 : (disk.sizeBytes ?? 0)), 0),
      context,
    );
  else {
    context.log(`restoring '${layout.archiveVolid}' now..`);
    context.log(`extracting archive '${fileVolumePath(layout.archiveVolid)}'`);
    context.log('merging backed-up and given configuration..');
  }
  if (config['template'] === '1') {
    context.log(type === 'qemu' ? 'Convert to template.' : 'Convert restored container to template...');
    renameToBaseVolumes(type, config);
  }
  return config;
}

function logVmaHeader({ archiveVolid, archive, context }: RestoreLayout): void {
  const path = fileVolumePath(archiveVolid);
  const tmp = `/var/tmp/vzdumptmp${context.task.pid}`;
  const extract = `vma extract -v -r ${tmp}.fifo - ${tmp}`;
  context.log(
    `restore vma archive: ${archiveVolid.endsWith('.zst') ? `zstd -q -d -c ${path} | ${extract}` : `${extract.replace(' - ', ` ${path} `)}`}`,
  );
  context.log(
    `CFG: size: ${Object.entries(archive.config).reduce((sum, [k, v]) => sum + k.length + v.length + 3, 0)} name: qemu-server.conf`,
  );
  configDisks('qemu', archive.config)
    .filter((disk) => !disk.cdrom && !disk.key.startsWith('unused'))
    .forEach((disk, index) =>
      context.log(`DEV: dev_id=${index + 1} size: ${disk.sizeBytes ?? 0} devname: drive-${disk.key}`),
    );
  context.log(`CTIME: ${new Date().toUTCString()}`);
}

function logVmaProgress(totalBytes: number, context: TaskContext): void {
  for (const percent of [1, 25, 50, 75, 100]) {
    context.log(
      `progress ${percent}% (read ${Math.round((totalBytes * percent) / 100)} bytes, duration ${Math.round(percent / 33)} sec)`,
    );
  }
  const sparse = Math.round(totalBytes * 0.87);
  context.log(`total bytes read ${totalBytes}, sparse bytes ${sparse} (87%)`);
  context.log('space reduction due to 4K zero blocks 0.41%');
  context.log('rescan volumes...');
}
