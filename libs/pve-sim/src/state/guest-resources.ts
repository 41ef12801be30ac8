import type { Guest } from './guest';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

// Defaults PVE applies when a key is absent from the config (qemu-server and pve-container).
const DEFAULT_MEMORY_MIB = 512;
const DEFAULT_LXC_ROOTFS_BYTES = 4 * GIB;
const QEMU_BOOT_DISK_KEYS = ['scsi0', 'virtio0', 'sata0', 'ide0'] as const;

/** Configured sizes of a guest, derived from its config like PVE's `vmstatus`. */
export interface GuestResources {
  readonly name: string;
  readonly cpus: number;
  readonly maxmem: number;
  readonly maxswap: number;
  readonly maxdisk: number;
  readonly template: boolean;
  readonly tags?: string;
  readonly lock?: string;
}

export function guestResources(guest: Guest): GuestResources {
  const { config } = guest;
  return {
    name:
      guest.type === 'qemu'
        ? (config['name'] ?? `VM ${guest.vmid}`)
        : (config['hostname'] ?? `CT${guest.vmid}`),
    cpus:
      guest.type === 'qemu'
        ? intOf(config['cores'], 1) * intOf(config['sockets'], 1)
        : intOf(config['cores'], 1),
    // A VM's memory is a property string since PVE 8.1: `4096` or `current=4096`.
    maxmem: intOf(config['memory']?.replace(/^current=/, ''), DEFAULT_MEMORY_MIB) * MIB,
    maxswap: guest.type === 'lxc' ? intOf(config['swap'], 0) * MIB : 0,
    maxdisk:
      guest.type === 'qemu'
        ? qemuBootDiskBytes(guest)
        : (volumeSizeBytes(config['rootfs']) ?? DEFAULT_LXC_ROOTFS_BYTES),
    template: config['template'] === '1',
    ...(config['tags'] !== undefined && { tags: config['tags'] }),
    ...(config['lock'] !== undefined && { lock: config['lock'] }),
  };
}

function qemuBootDiskBytes(guest: Guest): number {
  for (const key of QEMU_BOOT_DISK_KEYS) {
    const size = volumeSizeBytes(guest.config[key]);
    if (size !== undefined) return size;
  }
  return 0;
}

/** Reads the `size=32G` option of a PVE volume string such as `local-lvm:vm-100-disk-0,size=32G`. */
export function volumeSizeBytes(volume: string | undefined): number | undefined {
  const match = volume?.match(/(?:^|,)size=(\d+(?:\.\d+)?)([KMGT]?)(?:,|$)/);
  if (!match) return undefined;
  const unit = { '': 1, K: 1024, M: MIB, G: GIB, T: 1024 * GIB }[match[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(match[1]) * unit);
}

function intOf(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number.parseInt(value, 10);
}
