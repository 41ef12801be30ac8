import {
  splitList,
  verifyIpv4,
  verifyIpv4Config,
  verifyIpv6,
  verifyIpv6Config,
  verifyMacAddress,
} from './value-checks';
import type { PropertyFormat, PropertyKeySpec } from './property-string';

// The property-string formats of guest config keys, from qemu-server
// (QemuServer/Drive.pm, QemuServer/Network.pm, QemuServer/Agent.pm, QemuServer.pm) and
// pve-container (LXC/Config.pm). Where PVE has one format per bus (ide/sata/scsi/virtio),
// the simulator has one drive format with the union of their keys.

// qemu-server's pve-qm-bootdev: a drive, a NIC or a passed-through device.
const BOOT_DEVICE = /^(?:(?:ide|sata|scsi|virtio|net|usb|hostpci)\d+|efidisk0)$/;
const OPTIONAL_FLAG: PropertyKeySpec = { type: 'boolean', optional: true };
const BRIDGE: PropertyKeySpec = { type: 'string', optional: true, pattern: /^[-_.\w\d]+$/ };

export const QEMU_NIC_MODELS = [
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
] as const;

/** `scsi0`, `virtio0`, `sata0`, `ide2`, `efidisk0`, `tpmstate0`, `unused0`: `[file=]<volume>,…`. */
export const QEMU_DRIVE_FORMAT: PropertyFormat = {
  file: { type: 'string', defaultKey: true },
  volume: { alias: 'file' },
  media: { type: 'string', optional: true, enum: ['cdrom', 'disk'] },
  cache: {
    type: 'string',
    optional: true,
    enum: ['none', 'writethrough', 'writeback', 'unsafe', 'directsync'],
  },
  format: { type: 'string', optional: true, enum: ['raw', 'qcow', 'qed', 'qcow2', 'vmdk', 'cloop'] },
  size: { type: 'string', optional: true, diskSize: true },
  aio: { type: 'string', optional: true, enum: ['native', 'threads', 'io_uring'] },
  discard: { type: 'string', optional: true, enum: ['ignore', 'on'] },
  rerror: { type: 'string', optional: true, enum: ['ignore', 'report', 'stop'] },
  werror: { type: 'string', optional: true, enum: ['enospc', 'ignore', 'report', 'stop'] },
  serial: { type: 'string', optional: true, pattern: /^[-%a-zA-Z0-9_.!~*'()]*$/ },
  product: { type: 'string', optional: true },
  vendor: { type: 'string', optional: true },
  queues: { type: 'integer', optional: true, minimum: 2 },
  backup: OPTIONAL_FLAG,
  replicate: OPTIONAL_FLAG,
  iothread: OPTIONAL_FLAG,
  ssd: OPTIONAL_FLAG,
  ro: OPTIONAL_FLAG,
  shared: OPTIONAL_FLAG,
  snapshot: OPTIONAL_FLAG,
  detect_zeroes: OPTIONAL_FLAG,
  scsiblock: OPTIONAL_FLAG,
};

/** `net0`: `virtio=BC:24:11:…,bridge=vmbr0,firewall=1`. */
export const QEMU_NET_FORMAT: PropertyFormat = {
  model: { type: 'string', defaultKey: true, enum: QEMU_NIC_MODELS },
  ...Object.fromEntries(QEMU_NIC_MODELS.map((model) => [model, { alias: 'macaddr', keyAlias: 'model' }])),
  macaddr: { type: 'string', optional: true, check: verifyMacAddress },
  bridge: BRIDGE,
  queues: { type: 'integer', optional: true, minimum: 0, maximum: 64 },
  rate: { type: 'number', optional: true, minimum: 0 },
  tag: { type: 'integer', optional: true, minimum: 1, maximum: 4094 },
  trunks: { type: 'string', optional: true, pattern: /^\d+(?:-\d+)?(?:;\d+(?:-\d+)?)*$/ },
  firewall: OPTIONAL_FLAG,
  link_down: OPTIONAL_FLAG,
  mtu: { type: 'integer', optional: true, minimum: 1, maximum: 65_520 },
  'host-tunnel': OPTIONAL_FLAG,
};

/** `agent`: `[enabled=]<1|0>[,fstrim_cloned_disks=<1|0>][,freeze-fs=<1|0>][,type=<virtio|isa>]`. */
export const QEMU_AGENT_FORMAT: PropertyFormat = {
  enabled: { type: 'boolean', defaultKey: true },
  fstrim_cloned_disks: OPTIONAL_FLAG,
  'freeze-fs-on-backup': { alias: 'freeze-fs' },
  'guest-fsfreeze': { alias: 'freeze-fs' },
  'freeze-fs': OPTIONAL_FLAG,
  type: { type: 'string', optional: true, enum: ['virtio', 'isa'] },
};

/** `memory`: `[current=]<integer>` (MiB). */
export const QEMU_MEMORY_FORMAT: PropertyFormat = {
  current: { type: 'integer', defaultKey: true, minimum: 16 },
};

/** `cpu`: `[cputype=]<model>[,flags=…]…`. */
export const QEMU_CPU_FORMAT: PropertyFormat = {
  cputype: { type: 'string', defaultKey: true, optional: true },
  'reported-model': { type: 'string', optional: true },
  hidden: OPTIONAL_FLAG,
  'hv-vendor-id': { type: 'string', optional: true, pattern: /^[a-zA-Z0-9]{1,12}$/ },
  flags: { type: 'string', optional: true, pattern: /^[+-][a-zA-Z0-9\-_.]+(?:;[+-][a-zA-Z0-9\-_.]+)*$/ },
  'guest-phys-bits': { type: 'integer', optional: true, minimum: 32, maximum: 64 },
  'phys-bits': { type: 'string', optional: true, pattern: /^(?:host|\d+)$/ },
};

/** `boot`: `order=scsi0;ide2;net0` (or the legacy `[acdn]{1,4}`). */
export const QEMU_BOOT_FORMAT: PropertyFormat = {
  legacy: { type: 'string', defaultKey: true, optional: true, pattern: /^[acdn]{1,4}$/ },
  order: {
    type: 'string',
    optional: true,
    check: (value) => {
      const invalid = splitList(value).find((device) => !BOOT_DEVICE.test(device));
      return invalid === undefined ? undefined : `invalid boot device '${invalid}'\n`;
    },
  },
};

const LXC_MOUNT_KEYS: PropertyFormat = {
  volume: { type: 'string', defaultKey: true },
  size: { type: 'string', optional: true, diskSize: true },
  acl: OPTIONAL_FLAG,
  mountoptions: {
    type: 'string',
    optional: true,
    pattern:
      /^(?:noatime|lazytime|nodev|nosuid|noexec|discard)(?:;(?:noatime|lazytime|nodev|nosuid|noexec|discard))*$/,
  },
  idmap: { type: 'string', optional: true },
  ro: OPTIONAL_FLAG,
  quota: OPTIONAL_FLAG,
  replicate: OPTIONAL_FLAG,
  shared: OPTIONAL_FLAG,
};

/** `rootfs`: `[volume=]<volume>[,size=<DiskSize>]…`. */
export const LXC_ROOTFS_FORMAT: PropertyFormat = LXC_MOUNT_KEYS;

/** `mp0`: `[volume=]<volume>,mp=<Path>[,backup=<1|0>]…`. */
export const LXC_MOUNTPOINT_FORMAT: PropertyFormat = {
  ...LXC_MOUNT_KEYS,
  backup: OPTIONAL_FLAG,
  mp: { type: 'string' },
  keepattrs: OPTIONAL_FLAG,
};

/** `net0`: `name=eth0,bridge=vmbr0,hwaddr=…,ip=dhcp,type=veth`. */
export const LXC_NET_FORMAT: PropertyFormat = {
  type: { type: 'string', optional: true, enum: ['veth'] },
  name: { type: 'string', pattern: /^[-_.\w\d]+$/ },
  bridge: BRIDGE,
  hwaddr: { type: 'string', optional: true, check: verifyMacAddress },
  mtu: { type: 'integer', optional: true, minimum: 64 },
  ip: { type: 'string', optional: true, check: verifyIpv4Config },
  gw: { type: 'string', optional: true, check: verifyIpv4 },
  ip6: { type: 'string', optional: true, check: verifyIpv6Config },
  gw6: { type: 'string', optional: true, check: verifyIpv6 },
  firewall: OPTIONAL_FLAG,
  tag: { type: 'integer', optional: true, minimum: 1, maximum: 4094 },
  trunks: { type: 'string', optional: true, pattern: /^\d+(?:;\d+)*$/ },
  rate: { type: 'number', optional: true, minimum: 0 },
  link_down: OPTIONAL_FLAG,
  'host-managed': OPTIONAL_FLAG,
};

/** `features`: `nesting=1,keyctl=1`. */
export const LXC_FEATURES_FORMAT: PropertyFormat = {
  mount: { type: 'string', optional: true },
  nesting: OPTIONAL_FLAG,
  keyctl: OPTIONAL_FLAG,
  fuse: OPTIONAL_FLAG,
  mknod: OPTIONAL_FLAG,
  force_rw_sys: OPTIONAL_FLAG,
};

/** `unused0` of a container: `[volume=]<volume>`. */
export const LXC_UNUSED_FORMAT: PropertyFormat = {
  volume: { type: 'string', defaultKey: true },
};

/** qemu-server's `pve-qm-ipconfig`: cloud-init addresses per interface. */
export const IPCONFIG_FORMAT: PropertyFormat = {
  ip: { type: 'string', optional: true, check: verifyIpv4Config },
  gw: { type: 'string', optional: true, check: verifyIpv4 },
  ip6: { type: 'string', optional: true, check: verifyIpv6Config },
  gw6: { type: 'string', optional: true, check: verifyIpv6 },
};
