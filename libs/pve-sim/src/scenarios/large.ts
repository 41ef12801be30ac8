import type { AccessConfig } from '../auth/access-config';
import type { ClusterNode, NetworkInterface, NodeStorage, StorageVolume } from '../state/cluster-node';
import type { Guest, GuestConfig, GuestType } from '../state/guest';
import type { ClusterInventory } from '../state/simulator-state';
import { APPLIANCES, REMOTE_FILES } from './internet';

// The 'large' scenario: a 20-node production cluster with 10,000 guests run by a dozen
// teams. Every attribute of a guest is a pure function of its index (a hash, not a
// stateful generator), so the inventory is identical on every start and building it
// costs a few tens of milliseconds.

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const TIB = 1024 * GIB;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const LARGE_NODE_COUNT = 20;
export const LARGE_GUEST_COUNT = 10_000;
const TEMPLATE_COUNT = 40;
// Templates take 9000-9039, as is customary; workloads are numbered from 10000.
const FIRST_VMID = 10_000;
const FIRST_TEMPLATE_VMID = 9_000;

const TEAMS = [
  'payments',
  'search',
  'checkout',
  'identity',
  'analytics',
  'media',
  'platform',
  'data',
  'mobile',
  'support',
  'security',
  'infra',
] as const;
const ENVIRONMENTS = ['prod', 'prod', 'prod', 'staging', 'dev'] as const;
const VM_ROLES = ['api', 'web', 'worker', 'db', 'cache', 'queue', 'batch', 'gateway', 'ml', 'etl'] as const;
const CT_ROLES = ['proxy', 'dns', 'exporter', 'cron', 'mail', 'ntp', 'redis', 'syslog'] as const;
// Sizes per role class: cores, memory (MiB), boot disk (GiB).
const VM_SIZES = [
  [2, 4_096, 32],
  [4, 8_192, 64],
  [8, 16_384, 128],
  [16, 65_536, 500],
] as const;
const CT_SIZES = [
  [1, 512, 8],
  [2, 1_024, 16],
  [4, 4_096, 32],
] as const;
const TEMPLATE_OS = ['debian-12', 'debian-13', 'ubuntu-24-04', 'rocky-9', 'alma-9', 'windows-2022'] as const;

/** A well-mixed 32-bit hash (lowbias32), so neighbouring indexes look unrelated. */
function hash(index: number, salt: number): number {
  let value = (index * 0x9e3779b1 + salt * 0x85ebca77) >>> 0;
  value ^= value >>> 16;
  value = Math.imul(value, 0x7feb352d) >>> 0;
  value ^= value >>> 15;
  value = Math.imul(value, 0x846ca68b) >>> 0;
  value ^= value >>> 16;
  return value >>> 0;
}

function pick<T>(items: readonly T[], index: number, salt: number): T {
  return items[hash(index, salt) % items.length] as T;
}

function nodeName(index: number): string {
  return `pve${String(index + 1).padStart(2, '0')}`;
}

export function largeInventory(nowMs: number): ClusterInventory {
  const nodes = Array.from({ length: LARGE_NODE_COUNT }, (_, index) => largeNode(index, nowMs));
  const guests: Guest[] = [];
  for (let index = 0; index < LARGE_GUEST_COUNT - TEMPLATE_COUNT; index++)
    guests.push(workload(index, nowMs));
  for (let index = 0; index < TEMPLATE_COUNT; index++) guests.push(template(index));

  const pools = TEAMS.map((team) => ({ poolid: team, comment: `Team ${team}`, vms: [] as number[] }));
  const templatesPool = { poolid: 'templates', comment: 'Golden images', vms: [] as number[] };
  for (const guest of guests) {
    if (guest.config['template'] === '1') templatesPool.vms.push(guest.vmid);
    else pools[TEAMS.indexOf(teamOf(guest.vmid - FIRST_VMID))]?.vms.push(guest.vmid);
  }

  return {
    clusterName: 'prod-eu-1',
    nodes,
    guests,
    storages: nodes.flatMap((node) => largeStorages(node, guests)),
    volumes: largeVolumes(guests, nowMs),
    pools: [...pools, { ...templatesPool, storage: ['nfs-images'] }],
    networks: Object.fromEntries(nodes.map((node, index) => [node.name, largeNetwork(index)])),
    access: LARGE_ACCESS,
    // A production cluster fetches images but, here, runs neither HA nor the firewall.
    remoteFiles: REMOTE_FILES,
    appliances: APPLIANCES,
  };
}

function largeNode(index: number, nowMs: number): ClusterNode {
  const generation = index < 8 ? 0 : index < 16 ? 1 : 2;
  return {
    name: nodeName(index),
    status: 'online',
    cpus: [64, 96, 128][generation] ?? 64,
    memoryBytes: ([512, 768, 1_024][generation] ?? 512) * GIB,
    rootfsBytes: 128 * GIB,
    // Rolling kernel updates: nodes were rebooted one a day.
    bootedAt: nowMs - (20 + index) * DAY_MS - (index % 7) * HOUR_MS,
    sslFingerprint: Array.from({ length: 32 }, (_, byte) =>
      (hash(index, byte + 7) & 0xff).toString(16).toUpperCase().padStart(2, '0'),
    ).join(':'),
    supportLevel: 'c',
    ip: `10.20.0.${11 + index}`,
  };
}

function teamOf(index: number): (typeof TEAMS)[number] {
  return pick(TEAMS, index, 1);
}

/** One production guest: about seven in ten are VMs, three in four run. */
function workload(index: number, nowMs: number): Guest {
  const vmid = FIRST_VMID + index;
  const type: GuestType = hash(index, 2) % 10 < 7 ? 'qemu' : 'lxc';
  const team = teamOf(index);
  const environment = pick(ENVIRONMENTS, index, 3);
  const role = type === 'qemu' ? pick(VM_ROLES, index, 4) : pick(CT_ROLES, index, 4);
  const name = `${team}-${role}-${environment}-${String(index).padStart(4, '0')}`;
  const running = environment === 'dev' ? hash(index, 5) % 2 === 0 : hash(index, 5) % 10 < 8;
  const tags = [team, environment, ...(role === 'db' ? ['backup-daily'] : [])].sort().join(';');
  // Spread evenly; HA and the balancer keep real clusters roughly level too.
  const node = nodeName(hash(index, 6) % LARGE_NODE_COUNT);
  // Big databases and ML boxes live on Ceph, the rest on local thin pools.
  const onCeph = role === 'db' || role === 'ml' || hash(index, 8) % 4 === 0;
  const storage = onCeph ? 'ceph-vm' : 'local-lvm';
  const config =
    type === 'qemu'
      ? vmConfig(vmid, name, tags, storage, pick(VM_SIZES, index, 7), running, index)
      : ctConfig(vmid, name, tags, storage, pick(CT_SIZES, index, 7), running);
  const guest: Guest = { vmid, type, node, config, status: running ? 'running' : 'stopped' };
  if (running) {
    guest.startedAt = nowMs - ((hash(index, 9) % (30 * 24)) + 1) * HOUR_MS;
    guest.pid = 2_000 + (hash(index, 10) % 4_000_000);
  }
  return guest;
}

function vmConfig(
  vmid: number,
  name: string,
  tags: string,
  storage: string,
  [cores, memoryMiB, diskGiB]: readonly [number, number, number],
  running: boolean,
  index: number,
): GuestConfig {
  const windows = hash(index, 11) % 25 === 0;
  return {
    name,
    cores: String(cores),
    sockets: '1',
    cpu: 'x86-64-v3',
    memory: String(memoryMiB),
    ostype: windows ? 'win11' : 'l26',
    scsihw: 'virtio-scsi-single',
    scsi0: `${storage}:vm-${vmid}-disk-0,discard=on,iothread=1,size=${diskGiB}G`,
    net0: `virtio=${macAddress(vmid)},bridge=vmbr0,firewall=1,tag=${100 + (vmid % 20)}`,
    boot: 'order=scsi0;net0',
    agent: windows ? '0' : '1',
    onboot: running ? '1' : '0',
    tags,
  };
}

function ctConfig(
  vmid: number,
  name: string,
  tags: string,
  storage: string,
  [cores, memoryMiB, diskGiB]: readonly [number, number, number],
  running: boolean,
): GuestConfig {
  return {
    hostname: name,
    arch: 'amd64',
    cores: String(cores),
    memory: String(memoryMiB),
    swap: '512',
    ostype: 'debian',
    rootfs: `${storage}:vm-${vmid}-disk-0,size=${diskGiB}G`,
    net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${macAddress(vmid)},ip=dhcp,tag=${100 + (vmid % 20)},type=veth`,
    unprivileged: '1',
    onboot: running ? '1' : '0',
    tags,
  };
}

/** Golden images on Ceph, so every node can clone them. */
function template(index: number): Guest {
  const vmid = FIRST_TEMPLATE_VMID + index;
  const os = TEMPLATE_OS[index % TEMPLATE_OS.length] ?? 'debian-12';
  const config: GuestConfig = {
    name: `tpl-${os}-v${1 + Math.floor(index / TEMPLATE_OS.length)}`,
    cores: '2',
    sockets: '1',
    cpu: 'x86-64-v3',
    memory: '2048',
    ostype: os.startsWith('windows') ? 'win11' : 'l26',
    scsihw: 'virtio-scsi-single',
    scsi0: `ceph-vm:base-${vmid}-disk-0,discard=on,iothread=1,size=${os.startsWith('windows') ? 64 : 16}G`,
    net0: `virtio=${macAddress(vmid)},bridge=vmbr0`,
    boot: 'order=scsi0',
    agent: '1',
    template: '1',
    tags: 'template',
  };
  return { vmid, type: 'qemu', node: nodeName(index % LARGE_NODE_COUNT), config, status: 'stopped' };
}

/** local and local-lvm per node, plus two shared storages every node mounts. */
function largeStorages(node: ClusterNode, guests: readonly Guest[]): NodeStorage[] {
  let thinAllocated = 0;
  for (const guest of guests) {
    if (guest.node !== node.name) continue;
    const disk = guest.config['scsi0'] ?? guest.config['rootfs'] ?? '';
    if (disk.startsWith('local-lvm:')) thinAllocated += Number(/size=(\d+)G/.exec(disk)?.[1] ?? 0) * GIB;
  }
  return [
    {
      node: node.name,
      storage: 'local',
      plugintype: 'dir',
      content: ['iso', 'vztmpl', 'backup'],
      shared: false,
      totalBytes: 120 * GIB,
      usedBytes: 21 * GIB,
    },
    {
      node: node.name,
      storage: 'local-lvm',
      plugintype: 'lvmthin',
      content: ['images', 'rootdir'],
      shared: false,
      totalBytes: 14 * TIB,
      usedBytes: Math.round(thinAllocated * 0.38),
    },
    {
      node: node.name,
      storage: 'ceph-vm',
      plugintype: 'rbd',
      content: ['images', 'rootdir'],
      shared: true,
      totalBytes: 480 * TIB,
      usedBytes: 196 * TIB,
      settings: { pool: 'vm', krbd: '0' },
    },
    {
      node: node.name,
      storage: 'nfs-images',
      plugintype: 'nfs',
      content: ['iso', 'vztmpl', 'backup'],
      shared: true,
      totalBytes: 200 * TIB,
      usedBytes: 71 * TIB,
      settings: { server: '10.20.1.5', export: '/srv/pve', path: '/mnt/pve/nfs-images' },
    },
  ];
}

/** ISO images and templates on the NFS share, and last night's backup of every daily-backup guest. */
function largeVolumes(guests: readonly Guest[], nowMs: number): StorageVolume[] {
  const ctime = Math.floor((nowMs - 90 * DAY_MS) / 1000);
  const volumes: StorageVolume[] = [
    ...[
      'debian-12.9.0-amd64-netinst.iso',
      'debian-13.1.0-amd64-netinst.iso',
      'ubuntu-24.04.1-live-server-amd64.iso',
      'Rocky-9.5-x86_64-minimal.iso',
      'virtio-win-0.1.266.iso',
      'SERVER_EVAL_x64FRE_en-us.iso',
    ].map((file, index): StorageVolume => ({
      node: 'pve01',
      storage: 'nfs-images',
      volid: `nfs-images:iso/${file}`,
      content: 'iso',
      format: 'iso',
      size: (600 + (hash(index, 20) % 5_000)) * MIB,
      ctime,
    })),
    ...[
      'debian-12-standard_12.7-1_amd64.tar.zst',
      'debian-13-standard_13.1-1_amd64.tar.zst',
      'ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
      'alpine-3.21-default_20241217_amd64.tar.xz',
    ].map((file, index): StorageVolume => ({
      node: 'pve01',
      storage: 'nfs-images',
      volid: `nfs-images:vztmpl/${file}`,
      content: 'vztmpl',
      format: file.endsWith('.xz') ? 'txz' : 'tzst',
      size: (90 + (hash(index, 21) % 100)) * MIB,
      ctime,
    })),
  ];
  const lastNight = Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS + 2 * HOUR_MS;
  for (const guest of guests) {
    if (!guest.config['tags']?.split(';').includes('backup-daily')) continue;
    const at = lastNight + (guest.vmid % 3_600) * 1_000;
    const iso = new Date(at).toISOString();
    const stamp = `${iso.slice(0, 10).replaceAll('-', '_')}-${iso.slice(11, 19).replaceAll(':', '_')}`;
    const extension = guest.type === 'qemu' ? 'vma.zst' : 'tar.zst';
    volumes.push({
      node: guest.node,
      storage: 'nfs-images',
      volid: `nfs-images:backup/vzdump-${guest.type}-${guest.vmid}-${stamp}.${extension}`,
      content: 'backup',
      format: extension,
      size: (2 + (hash(guest.vmid, 22) % 60)) * GIB,
      ctime: Math.floor(at / 1000),
      vmid: guest.vmid,
      subtype: guest.type,
    });
  }
  return volumes;
}

/** Two bonded 25G NICs under a VLAN-aware guest bridge, and a storage network. */
function largeNetwork(index: number): NetworkInterface[] {
  return [
    { iface: 'ens1f0', type: 'eth', method: 'manual', exists: true },
    { iface: 'ens1f1', type: 'eth', method: 'manual', exists: true },
    { iface: 'bond0', type: 'bond', method: 'manual', slaves: 'ens1f0 ens1f1', bondMode: '802.3ad' },
    {
      iface: 'vmbr0',
      type: 'bridge',
      method: 'static',
      cidr: `10.20.0.${11 + index}/16`,
      gateway: '10.20.0.1',
      bridgePorts: 'bond0',
      bridgeVlanAware: true,
    },
    {
      iface: 'vlan50',
      type: 'vlan',
      method: 'static',
      cidr: `10.50.0.${11 + index}/24`,
      vlanId: 50,
      vlanRawDevice: 'bond0',
      comments: 'Ceph public network',
    },
  ];
}

/** Operators administer everything; each team's members use its pool; an auditor reads everything. */
const LARGE_ACCESS: AccessConfig = {
  users: [
    { userid: 'ops-lead@pve', groups: ['ops'] },
    { userid: 'auditor@pve' },
    ...TEAMS.map((team) => ({ userid: `${team}-lead@pve`, groups: [team] })),
  ],
  acl: [
    { path: '/', role: 'PVEAdmin', group: 'ops' },
    { path: '/', role: 'PVEAuditor', user: 'auditor@pve' },
    ...TEAMS.map((team) => ({ path: `/pool/${team}`, role: 'PVEVMAdmin', group: team })),
    ...TEAMS.map((team) => ({ path: '/pool/templates', role: 'PVETemplateUser', group: team })),
  ],
};

/** BC:24:11 is the prefix Proxmox assigns generated MAC addresses from. */
function macAddress(vmid: number): string {
  const bytes = [(vmid >> 16) & 0xff, (vmid >> 8) & 0xff, vmid & 0xff];
  return ['BC', '24', '11', ...bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0'))].join(
    ':',
  );
}
