import type { Guest } from '../../state/guest';
import { volumeSizeBytes } from '../../state/guest-resources';

/** A guest disk as a storage lists it: `local-lvm:vm-100-disk-0`, owned by 100. */
export interface GuestDiskVolume {
  readonly storage: string;
  readonly volid: string;
  readonly vmid: number;
  /** `images` for a VM's disks, `rootdir` for a container's (PVE's list_volumes). */
  readonly content: 'images' | 'rootdir';
  readonly format: string;
  readonly size: number;
}

// Config keys that name volumes: qemu-server's drives, pve-container's rootfs and mount points.
const QEMU_DISK_KEY = /^(?:ide|sata|scsi|virtio)\d+$|^efidisk0$|^tpmstate0$|^unused\d+$/;
const LXC_DISK_KEY = /^rootfs$|^mp\d+$|^unused\d+$/;

/** The volumes a guest's config refers to on storages (CD-ROM media and host paths are not volumes). */
export function guestDiskVolumes(guest: Guest): GuestDiskVolume[] {
  const keyPattern = guest.type === 'qemu' ? QEMU_DISK_KEY : LXC_DISK_KEY;
  const volumes: GuestDiskVolume[] = [];
  for (const [key, value] of Object.entries(guest.config)) {
    if (!keyPattern.test(key) || /(?:^|,)media=cdrom(?:,|$)/.test(value)) continue;
    const volid = value.split(',', 1)[0] ?? '';
    const match = /^([a-z][a-z0-9\-_.]*[a-z0-9]):(.+)$/i.exec(volid);
    if (!match?.[1] || !match[2] || /^(?:iso|vztmpl|backup|snippets)\//.test(match[2])) continue;
    volumes.push({
      storage: match[1],
      volid,
      vmid: ownerOf(match[2]) ?? guest.vmid,
      content: guest.type === 'lxc' ? 'rootdir' : 'images',
      format: formatOf(match[2]),
      size: volumeSizeBytes(value) ?? 0,
    });
  }
  return volumes;
}

/**
 * `vm-100-disk-0`, `base-9000-disk-0`, `100/vm-100-disk-0.qcow2`: the owner is in the
 * name; a linked clone (`base-9000-disk-0/vm-150-disk-0`) belongs to the last one.
 */
function ownerOf(volname: string): number | undefined {
  const matches = [...volname.matchAll(/(?:^|\/)(?:vm|base|subvol|basevol)-(\d+)-/g)];
  const owner = matches.at(-1)?.[1];
  return owner === undefined ? undefined : Number(owner);
}

function formatOf(volname: string): string {
  const extension = /\.(qcow2|raw|vmdk)$/.exec(volname)?.[1];
  if (extension) return extension;
  return /^(?:subvol|basevol)-/.test(volname) ? 'subvol' : 'raw';
}
