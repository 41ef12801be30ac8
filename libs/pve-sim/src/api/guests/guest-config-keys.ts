import {
  LXC_FEATURES_FORMAT,
  LXC_MOUNTPOINT_FORMAT,
  LXC_NET_FORMAT,
  LXC_ROOTFS_FORMAT,
  LXC_UNUSED_FORMAT,
  QEMU_AGENT_FORMAT,
  QEMU_DRIVE_FORMAT,
  QEMU_MEMORY_FORMAT,
  QEMU_NET_FORMAT,
} from '../../formats/guest-property-formats';
import type { ParameterSpec, RouteParameters } from '../../routes/route';
import type { GuestType } from '../../state/guest';

// The guest config keys the simulator accepts on create, clone-free config updates and
// restore, declared as the PVE schema declares them (qemu-server's json_config_properties,
// pve-container's json_config_properties). PVE knows more keys (hostpci, usb, efidisk0,
// audio, …); those answer "property is not defined in schema" here.

const FLAG: ParameterSpec = { type: 'boolean', optional: true };
const TEXT: ParameterSpec = { type: 'string', optional: true };
// Descriptions are comment lines at the top of the config file, limited to 8 KiB.
const DESCRIPTION: ParameterSpec = { type: 'string', optional: true, maxLength: 8192 };

// qemu-server's $MAX_*: ide0-3, sata0-5, scsi0-30, virtio0-15, net0-31, serial0-3, unused0-255.
export const QEMU_DRIVE_BUSES = { ide: 3, sata: 5, scsi: 30, virtio: 15 } as const;
const MAX_NETS = 31;
const MAX_UNUSED = 255;
// pve-container's $MAX_MOUNT_POINTS and $MAX_LXC_NETWORKS.
const MAX_MOUNT_POINTS = 255;

const drive = (maxIndex: number): ParameterSpec => ({
  type: 'string',
  optional: true,
  format: QEMU_DRIVE_FORMAT,
  maxIndex,
});

export const QEMU_CONFIG_PARAMETERS: RouteParameters = {
  acpi: FLAG,
  agent: { type: 'string', optional: true, format: QEMU_AGENT_FORMAT },
  balloon: { type: 'integer', optional: true, minimum: 0 },
  bios: { type: 'string', optional: true, enum: ['seabios', 'ovmf'] },
  boot: { type: 'string', optional: true, format: 'pve-qm-boot' },
  cipassword: TEXT,
  citype: { type: 'string', optional: true, enum: ['configdrive2', 'nocloud', 'opennebula'] },
  ciupgrade: FLAG,
  ciuser: TEXT,
  cores: { type: 'integer', optional: true, minimum: 1 },
  cpu: { type: 'string', optional: true, format: 'pve-vm-cpu-conf' },
  cpulimit: { type: 'number', optional: true, minimum: 0, maximum: 128 },
  cpuunits: { type: 'integer', optional: true, minimum: 1, maximum: 262_144 },
  description: DESCRIPTION,
  'ide[n]': drive(QEMU_DRIVE_BUSES.ide),
  'ipconfig[n]': { type: 'string', optional: true, format: 'pve-qm-ipconfig', maxIndex: MAX_NETS },
  kvm: FLAG,
  localtime: FLAG,
  memory: { type: 'string', optional: true, format: QEMU_MEMORY_FORMAT },
  name: { type: 'string', optional: true, format: 'dns-name' },
  nameserver: { type: 'string', optional: true, format: 'address-list' },
  'net[n]': { type: 'string', optional: true, format: QEMU_NET_FORMAT, maxIndex: MAX_NETS },
  numa: FLAG,
  onboot: FLAG,
  ostype: {
    type: 'string',
    optional: true,
    enum: [
      'other',
      'wxp',
      'w2k',
      'w2k3',
      'w2k8',
      'wvista',
      'win7',
      'win8',
      'win10',
      'win11',
      'l24',
      'l26',
      'solaris',
    ],
  },
  protection: FLAG,
  'sata[n]': drive(QEMU_DRIVE_BUSES.sata),
  'scsi[n]': drive(QEMU_DRIVE_BUSES.scsi),
  scsihw: {
    type: 'string',
    optional: true,
    enum: ['lsi', 'lsi53c810', 'virtio-scsi-pci', 'virtio-scsi-single', 'megasas', 'pvscsi'],
  },
  searchdomain: TEXT,
  'serial[n]': { type: 'string', optional: true, pattern: /\/dev\/[^,]+|socket/, maxIndex: 3 },
  sockets: { type: 'integer', optional: true, minimum: 1 },
  sshkeys: { type: 'string', optional: true, format: 'urlencoded' },
  startup: { type: 'string', optional: true, format: 'pve-startup-order' },
  tablet: FLAG,
  tags: { type: 'string', optional: true, format: 'pve-tag-list' },
  template: FLAG,
  'unused[n]': { type: 'string', optional: true, format: QEMU_DRIVE_FORMAT, maxIndex: MAX_UNUSED },
  vcpus: { type: 'integer', optional: true, minimum: 1 },
  'virtio[n]': drive(QEMU_DRIVE_BUSES.virtio),
};

export const LXC_CONFIG_PARAMETERS: RouteParameters = {
  arch: { type: 'string', optional: true, enum: ['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64'] },
  cmode: { type: 'string', optional: true, enum: ['shell', 'console', 'tty'] },
  console: FLAG,
  cores: { type: 'integer', optional: true, minimum: 1, maximum: 8192 },
  cpulimit: { type: 'number', optional: true, minimum: 0, maximum: 8192 },
  cpuunits: { type: 'integer', optional: true, minimum: 0, maximum: 500_000 },
  description: DESCRIPTION,
  features: { type: 'string', optional: true, format: LXC_FEATURES_FORMAT },
  hostname: { type: 'string', optional: true, format: 'dns-name', maxLength: 255 },
  memory: { type: 'integer', optional: true, minimum: 16 },
  'mp[n]': { type: 'string', optional: true, format: LXC_MOUNTPOINT_FORMAT, maxIndex: MAX_MOUNT_POINTS },
  nameserver: { type: 'string', optional: true, format: 'lxc-ip-with-ll-iface-list' },
  'net[n]': { type: 'string', optional: true, format: LXC_NET_FORMAT, maxIndex: MAX_NETS },
  onboot: FLAG,
  ostype: {
    type: 'string',
    optional: true,
    enum: [
      'debian',
      'devuan',
      'ubuntu',
      'centos',
      'fedora',
      'opensuse',
      'archlinux',
      'alpine',
      'gentoo',
      'nixos',
      'unmanaged',
    ],
  },
  protection: FLAG,
  rootfs: { type: 'string', optional: true, format: LXC_ROOTFS_FORMAT },
  searchdomain: { type: 'string', optional: true, format: 'dns-name-list' },
  startup: { type: 'string', optional: true, format: 'pve-startup-order' },
  swap: { type: 'integer', optional: true, minimum: 0 },
  tags: { type: 'string', optional: true, format: 'pve-tag-list' },
  template: FLAG,
  tty: { type: 'integer', optional: true, minimum: 0, maximum: 6 },
  unprivileged: FLAG,
  'unused[n]': { type: 'string', optional: true, format: LXC_UNUSED_FORMAT, maxIndex: MAX_UNUSED },
};

export const CONFIG_PARAMETERS: Readonly<Record<GuestType, RouteParameters>> = {
  qemu: QEMU_CONFIG_PARAMETERS,
  lxc: LXC_CONFIG_PARAMETERS,
};

/** Whether `key` (e.g. `scsi3`) is a config option of the guest type, for `delete`/`revert` lists. */
export function isConfigKey(type: GuestType, key: string): boolean {
  const parameters = CONFIG_PARAMETERS[type];
  if (Object.hasOwn(parameters, key)) return true;
  const indexed = /^(.*?)(0|[1-9]\d*)$/.exec(key);
  const spec = indexed ? parameters[`${indexed[1]}[n]`] : undefined;
  return spec?.maxIndex !== undefined && Number(indexed?.[2]) <= spec.maxIndex;
}

/** The config keys that hold volumes: qemu drives and unused disks, container rootfs/mount points. */
export function isVolumeKey(type: GuestType, key: string): boolean {
  return type === 'qemu'
    ? /^(?:ide|sata|scsi|virtio|unused)\d+$|^(?:efidisk0|tpmstate0)$/.test(key)
    : /^(?:rootfs|mp\d+|unused\d+)$/.test(key);
}
