import type { PveBoolean } from './pve-boolean';

// Guest configuration as the PVE API schema (9.2) declares it for POST /nodes/{node}/qemu,
// POST /nodes/{node}/lxc and the …/config methods. Numbered options (`scsi0`…`scsi30`,
// `net0`…) are typed by template-literal keys; property strings stay strings (see
// operations/property-strings for helpers that build and read them).

/** A value as the client sends it; booleans go out as PVE's 1/0. */
export type PveConfigValue = string | number | boolean;

export type PveQemuOsType =
  | 'other'
  | 'wxp'
  | 'w2k'
  | 'w2k3'
  | 'w2k8'
  | 'wvista'
  | 'win7'
  | 'win8'
  | 'win10'
  | 'win11'
  | 'l24'
  | 'l26'
  | 'solaris';

export type PveLxcOsType =
  | 'debian'
  | 'devuan'
  | 'ubuntu'
  | 'centos'
  | 'fedora'
  | 'opensuse'
  | 'archlinux'
  | 'alpine'
  | 'gentoo'
  | 'nixos'
  | 'unmanaged';

/** Options of a VM config (qemu-server's json_config_properties). */
export interface PveQemuConfigOptions {
  name?: string;
  description?: string;
  /** Tags separated by ';', e.g. "prod;web". */
  tags?: string;
  /** MiB, or the property string `current=<MiB>`. */
  memory?: number | string;
  balloon?: number;
  cores?: number;
  sockets?: number;
  vcpus?: number;
  /** e.g. "x86-64-v2-AES" or "host,flags=+aes". */
  cpu?: string;
  cpulimit?: number;
  cpuunits?: number;
  numa?: PveBoolean;
  ostype?: PveQemuOsType;
  bios?: 'seabios' | 'ovmf';
  scsihw?: 'lsi' | 'lsi53c810' | 'virtio-scsi-pci' | 'virtio-scsi-single' | 'megasas' | 'pvscsi';
  /** e.g. "order=scsi0;ide2;net0". */
  boot?: string;
  /** `1`, `0` or e.g. "enabled=1,fstrim_cloned_disks=1". */
  agent?: PveBoolean | string;
  onboot?: PveBoolean;
  /** e.g. "order=2,up=30". */
  startup?: string;
  protection?: PveBoolean;
  template?: PveBoolean;
  acpi?: PveBoolean;
  kvm?: PveBoolean;
  tablet?: PveBoolean;
  localtime?: PveBoolean;
  /** cloud-init user. */
  ciuser?: string;
  /** cloud-init password; PVE stores it encrypted and never shows it. */
  cipassword?: string;
  citype?: 'configdrive2' | 'nocloud' | 'opennebula';
  ciupgrade?: PveBoolean;
  /**
   * cloud-init SSH public keys, one per line, URL-encoded as PVE takes and stores them:
   * build it with encodeSshKeys(keys), read it with decodeSshKeys.
   */
  sshkeys?: string;
  nameserver?: string;
  searchdomain?: string;
  /** Disks: `local-lvm:32` allocates 32 GiB; `local:iso/x.iso,media=cdrom`; `local-lvm:cloudinit`. */
  [disk: `scsi${number}`]: string | undefined;
  [disk: `virtio${number}`]: string | undefined;
  [disk: `sata${number}`]: string | undefined;
  [disk: `ide${number}`]: string | undefined;
  /** e.g. "virtio,bridge=vmbr0,firewall=1" (PVE adds a MAC address). */
  [nic: `net${number}`]: string | undefined;
  /** cloud-init addresses, e.g. "ip=10.0.0.5/24,gw=10.0.0.1" or "ip=dhcp". */
  [address: `ipconfig${number}`]: string | undefined;
  [serial: `serial${number}`]: string | undefined;
  [volume: `unused${number}`]: string | undefined;
}

/** Options of a container config (pve-container's json_config_properties). */
export interface PveLxcConfigOptions {
  hostname?: string;
  description?: string;
  tags?: string;
  /** MiB. */
  memory?: number;
  /** MiB. */
  swap?: number;
  cores?: number;
  cpulimit?: number;
  cpuunits?: number;
  arch?: 'amd64' | 'i386' | 'arm64' | 'armhf' | 'riscv32' | 'riscv64';
  ostype?: PveLxcOsType;
  /** e.g. "local-lvm:8" (8 GiB) or "local-lvm:vm-200-disk-0,size=8G". */
  rootfs?: string;
  /** e.g. "nesting=1,keyctl=1". */
  features?: string;
  nameserver?: string;
  searchdomain?: string;
  onboot?: PveBoolean;
  startup?: string;
  protection?: PveBoolean;
  template?: PveBoolean;
  unprivileged?: PveBoolean;
  console?: PveBoolean;
  tty?: number;
  cmode?: 'shell' | 'console' | 'tty';
  /** Mount points, e.g. "local-lvm:16,mp=/data". */
  [mountPoint: `mp${number}`]: string | undefined;
  /** e.g. "name=eth0,bridge=vmbr0,ip=dhcp" (PVE adds `hwaddr` and `type=veth`). */
  [nic: `net${number}`]: string | undefined;
  [volume: `unused${number}`]: string | undefined;
}

/**
 * Config options as plain `key: value` pairs, for keys the typed options leave out
 * (hostpci0, efidisk0, …) or values built elsewhere; PVE validates them.
 */
export type PveRawConfig = Readonly<Record<string, PveConfigValue | undefined>>;

export type PveGuestConfigOptions = PveQemuConfigOptions | PveLxcConfigOptions | PveRawConfig;

/** POST /nodes/{node}/qemu without `archive`: a new VM. */
export interface PveQemuCreateParams extends PveQemuConfigOptions {
  vmid: number;
  /** Where disks given as `<size>` without a storage go. */
  storage?: string;
  pool?: string;
  start?: PveBoolean;
}

/** POST /nodes/{node}/lxc without `restore`: a new container from a template. */
export interface PveLxcCreateParams extends PveLxcConfigOptions {
  vmid: number;
  /** The template volume, e.g. "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst". */
  ostemplate: string;
  /** Default storage for `rootfs`/`mp` sizes without a storage; PVE's default is 'local'. */
  storage?: string;
  password?: string;
  /** Public keys for root, one per line, as plain text. */
  'ssh-public-keys'?: string;
  pool?: string;
  start?: PveBoolean;
}

/** Create parameters as plain pairs (`vmid` among them); the client checks the vmid, PVE the rest. */
export type PveRawCreateParams = PveRawConfig;

/**
 * GET …/config: the guest's config with PVE's types (integers and booleans as
 * numbers, everything else as strings) and its SHA-1 `digest`.
 */
export interface PveGuestConfig {
  /** Pass back as `digest` to refuse an update if someone changed the config meanwhile. */
  digest: string;
  name?: string;
  hostname?: string;
  description?: string;
  tags?: string;
  /** The lock a running operation holds, e.g. "backup", "migrate", "create". */
  lock?: string;
  /** The latest snapshot. */
  parent?: string;
  template?: number;
  [key: string]: string | number | undefined;
}

export interface PveGuestConfigQuery {
  /** The config without pending changes. */
  current?: PveBoolean;
  /** The config as a snapshot recorded it. */
  snapshot?: string;
}

/** The control parameters of a config update. */
export interface PveConfigUpdateOptions {
  /** The digest from guestConfig(); PVE refuses the update if the config has changed since. */
  digest?: string;
  /** Options to remove, e.g. ['net1', 'tags']; a removed disk becomes `unusedN`. */
  delete?: readonly string[];
  /** Pending changes to revert. */
  revert?: readonly string[];
  /** qemu: update with the synchronous PUT (answers null) instead of a `qmconfig` task. */
  sync?: boolean;
  /** qemu, root@pam only: ignore the guest's lock. */
  skiplock?: boolean;
}
