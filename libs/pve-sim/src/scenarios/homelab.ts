import type { ClusterNode, NetworkInterface, NodeStorage, StorageVolume } from '../state/cluster-node';
import type { Guest, GuestConfig, GuestType } from '../state/guest';
import { volumeSizeBytes } from '../state/guest-resources';
import type { ClusterInventory } from '../state/simulator-state';
import {
  HOMELAB_BACKUP_JOBS,
  HOMELAB_CLUSTER_OPTIONS,
  HOMELAB_DISKS,
  HOMELAB_FIREWALL,
  HOMELAB_HA,
} from './homelab-services';
import { APPLIANCES, REMOTE_FILES } from './internet';

const GIB = 1024 ** 3;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface GuestSeed {
  readonly vmid: number;
  readonly type: GuestType;
  readonly node: string;
  readonly name: string;
  readonly running: boolean;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  readonly tags?: string;
  readonly template?: boolean;
  /** Other config keys, e.g. `ostype` for Windows or a serial console. */
  readonly extra?: GuestConfig;
}

const NODES = [
  { name: 'pve1', cpus: 16, memoryGiB: 64, upDays: 41 },
  { name: 'pve2', cpus: 16, memoryGiB: 64, upDays: 41 },
  { name: 'pve3', cpus: 8, memoryGiB: 32, upDays: 12 },
] as const;

type Row = [
  vmid: number,
  node: string,
  name: string,
  state: 'up' | 'down',
  cores: number,
  memoryMiB: number,
  diskGiB: number,
  tags?: string,
];

// A small three-node homelab: a production web/db stack, a k8s cluster, home services,
// a few stopped machines and two VM templates. Tags are sorted, as PVE stores them.
const VMS: readonly Row[] = [
  [100, 'pve1', 'web-01', 'up', 2, 4096, 32, 'prod;web'],
  [101, 'pve1', 'web-02', 'up', 2, 4096, 32, 'prod;web'],
  [102, 'pve1', 'db-01', 'up', 4, 16384, 200, 'db;prod'],
  [103, 'pve1', 'cache-01', 'up', 2, 8192, 16, 'cache;prod'],
  [104, 'pve1', 'lb-01', 'up', 1, 1024, 8, 'lb;prod'],
  [105, 'pve1', 'monitoring-01', 'up', 2, 4096, 64, 'monitoring;ops'],
  [106, 'pve1', 'ci-runner-01', 'down', 4, 8192, 64, 'ci'],
  [107, 'pve1', 'win11-desktop', 'down', 4, 8192, 128],
  [110, 'pve2', 'web-03', 'up', 2, 4096, 32, 'prod;web'],
  [111, 'pve2', 'db-02', 'up', 4, 16384, 200, 'db;prod;replica'],
  [112, 'pve2', 'k8s-master-01', 'up', 2, 4096, 32, 'k8s'],
  [113, 'pve2', 'k8s-worker-01', 'up', 4, 8192, 64, 'k8s'],
  [114, 'pve2', 'k8s-worker-02', 'up', 4, 8192, 64, 'k8s'],
  [115, 'pve2', 'gitlab-01', 'up', 4, 8192, 100, 'dev'],
  [116, 'pve2', 'dev-sandbox', 'down', 2, 2048, 32, 'dev'],
  [120, 'pve3', 'nas-01', 'up', 2, 4096, 32, 'storage'],
  [121, 'pve3', 'backup-01', 'up', 2, 4096, 32, 'backup;ops'],
  [122, 'pve3', 'media-server', 'up', 2, 4096, 64, 'media'],
  [123, 'pve3', 'home-assistant', 'up', 2, 4096, 32, 'iot'],
  [124, 'pve3', 'test-ubuntu-24', 'down', 1, 2048, 16, 'test'],
  [125, 'pve3', 'staging-web-01', 'down', 2, 4096, 32, 'staging;web'],
  [9000, 'pve1', 'debian-12-template', 'down', 2, 2048, 8],
  [9001, 'pve3', 'ubuntu-24-04-template', 'down', 2, 2048, 8],
];

const CONTAINERS: readonly Row[] = [
  [200, 'pve1', 'pihole', 'up', 1, 512, 4, 'dns;infra'],
  [201, 'pve1', 'nginx-proxy', 'up', 1, 1024, 8, 'infra;web'],
  [202, 'pve1', 'vaultwarden', 'up', 1, 512, 4],
  [210, 'pve2', 'grafana', 'up', 2, 1024, 8, 'monitoring;ops'],
  [211, 'pve2', 'mqtt-broker', 'down', 1, 256, 2, 'iot'],
  [212, 'pve2', 'syncthing', 'up', 1, 512, 16],
  [220, 'pve3', 'unifi-controller', 'up', 2, 2048, 16, 'infra'],
  [221, 'pve3', 'transmission', 'down', 1, 512, 8, 'media'],
];

const TEMPLATES = new Set([9000, 9001]);

// Variations on the defaults, so clients meet them: a Windows VM without the agent,
// a VM with a serial console.
const EXTRA_CONFIG: Readonly<Record<number, GuestConfig>> = {
  107: { ostype: 'win11', agent: '0' },
  116: { serial0: 'socket', vga: 'serial0' },
};

const GUESTS: readonly GuestSeed[] = [
  ...VMS.map((row) => seedFromRow('qemu', row)),
  ...CONTAINERS.map((row) => seedFromRow('lxc', row)),
];

function seedFromRow(
  type: GuestType,
  [vmid, node, name, state, cores, memoryMiB, diskGiB, tags]: Row,
): GuestSeed {
  return {
    vmid,
    type,
    node,
    name,
    running: state === 'up',
    cores,
    memoryMiB,
    diskGiB,
    ...(tags !== undefined && { tags }),
    ...(TEMPLATES.has(vmid) && { template: true }),
    ...(EXTRA_CONFIG[vmid] && { extra: EXTRA_CONFIG[vmid] }),
  };
}

/**
 * The 'homelab' scenario. Everything but timestamps is fixed, so every start
 * serves the same cluster; uptimes count from `nowMs`.
 */
export function homelabInventory(nowMs: number): ClusterInventory {
  const nodes: ClusterNode[] = NODES.map((seed, index) => ({
    name: seed.name,
    status: 'online',
    cpus: seed.cpus,
    memoryBytes: seed.memoryGiB * GIB,
    rootfsBytes: 96 * GIB,
    bootedAt: nowMs - seed.upDays * DAY_MS,
    sslFingerprint: fingerprint(index + 1),
    supportLevel: '',
    ip: `192.168.1.${11 + index}`,
  }));
  const guests = GUESTS.map((seed, index) => guestFromSeed(seed, index, nowMs));
  return {
    clusterName: 'homelab',
    nodes,
    guests,
    storages: nodes.flatMap((node) => nodeStorages(node, guests)),
    volumes: homelabVolumes(nowMs),
    pools: POOLS,
    networks: Object.fromEntries(nodes.map((node, index) => [node.name, homelabNetwork(index)])),
    ha: HOMELAB_HA,
    firewall: HOMELAB_FIREWALL,
    disks: HOMELAB_DISKS,
    remoteFiles: REMOTE_FILES,
    appliances: APPLIANCES,
    backupJobs: HOMELAB_BACKUP_JOBS,
    clusterOptions: HOMELAB_CLUSTER_OPTIONS,
  };
}

// The production stack, the k8s cluster and the home services each in a pool.
const POOLS = [
  { poolid: 'prod', comment: 'Production web and database stack', vms: [100, 101, 102, 103, 104, 110, 111] },
  { poolid: 'k8s', comment: 'Kubernetes cluster', vms: [112, 113, 114] },
  { poolid: 'home', vms: [120, 122, 123, 200, 202, 212, 220, 221] },
];

const MIB = 1024 ** 2;

/** ISO images and templates on pve1's `local`, last night's backups of the databases on pve3's. */
function homelabVolumes(nowMs: number): StorageVolume[] {
  const downloaded = Math.floor((nowMs - 60 * DAY_MS) / 1000);
  const files: StorageVolume[] = [
    {
      node: 'pve1',
      storage: 'local',
      volid: 'local:iso/debian-12.9.0-amd64-netinst.iso',
      content: 'iso',
      format: 'iso',
      size: 632 * MIB,
      ctime: downloaded,
    },
    {
      node: 'pve1',
      storage: 'local',
      volid: 'local:iso/ubuntu-24.04.1-live-server-amd64.iso',
      content: 'iso',
      format: 'iso',
      size: 2_646 * MIB,
      ctime: downloaded,
    },
    {
      node: 'pve1',
      storage: 'local',
      volid: 'local:iso/virtio-win-0.1.266.iso',
      content: 'iso',
      format: 'iso',
      size: 708 * MIB,
      ctime: downloaded,
    },
    {
      node: 'pve1',
      storage: 'local',
      volid: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      content: 'vztmpl',
      format: 'tzst',
      size: 120 * MIB,
      ctime: downloaded,
    },
    {
      node: 'pve1',
      storage: 'local',
      volid: 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
      content: 'vztmpl',
      format: 'tzst',
      size: 141 * MIB,
      ctime: downloaded,
    },
  ];
  // vzdump runs at 02:00 every night; keep the last two.
  const lastRun =
    Math.floor(nowMs / DAY_MS) * DAY_MS + 2 * HOUR_MS - (nowMs % DAY_MS < 2 * HOUR_MS ? DAY_MS : 0);
  for (const [night, vmid, type, sizeMiB] of [
    [0, 102, 'qemu', 41_200],
    [0, 111, 'qemu', 40_950],
    [1, 102, 'qemu', 41_050],
    [0, 210, 'lxc', 1_310],
  ] as const) {
    const at = lastRun - night * DAY_MS + 5_000;
    const extension = type === 'qemu' ? 'vma.zst' : 'tar.zst';
    files.push({
      node: 'pve3',
      storage: 'local',
      volid: `local:backup/vzdump-${type}-${vmid}-${vzdumpTime(at)}.${extension}`,
      content: 'backup',
      format: extension,
      size: sizeMiB * MIB,
      ctime: Math.floor(at / 1000),
      vmid,
      subtype: type,
      ...(night === 1 && { notes: 'before the PostgreSQL 17 upgrade', protected: true }),
    });
  }
  return files;
}

/** vzdump's archive timestamp, `YYYY_MM_DD-HH_MM_SS` (UTC here). */
function vzdumpTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '_')}-${iso.slice(11, 19).replaceAll(':', '_')}`;
}

/** One bridge on the LAN per node; pve1 bonds two NICs under a VLAN-aware bridge, pve3 has an isolated lab bridge. */
function homelabNetwork(index: number): NetworkInterface[] {
  const address = `192.168.1.${11 + index}/24`;
  const lan: NetworkInterface = {
    iface: 'vmbr0',
    type: 'bridge',
    method: 'static',
    cidr: address,
    gateway: '192.168.1.1',
    bridgePorts: index === 0 ? 'bond0' : 'eno1',
    ...(index === 0 && { bridgeVlanAware: true }),
  };
  if (index === 0) {
    return [
      { iface: 'eno1', type: 'eth', method: 'manual', exists: true },
      { iface: 'eno2', type: 'eth', method: 'manual', exists: true },
      { iface: 'bond0', type: 'bond', method: 'manual', slaves: 'eno1 eno2', bondMode: '802.3ad' },
      lan,
    ];
  }
  const nics: NetworkInterface[] = [{ iface: 'eno1', type: 'eth', method: 'manual', exists: true }, lan];
  if (index === 2) {
    nics.push({ iface: 'vmbr1', type: 'bridge', method: 'manual', comments: 'isolated lab network' });
  }
  return nics;
}

function guestFromSeed(seed: GuestSeed, index: number, nowMs: number): Guest {
  const config = seed.type === 'qemu' ? qemuConfig(seed) : lxcConfig(seed);
  const guest: Guest = { vmid: seed.vmid, type: seed.type, node: seed.node, config, status: 'stopped' };
  if (seed.running) {
    guest.status = 'running';
    // Staggered uptimes from one to nine days, as after a round of maintenance reboots.
    guest.startedAt = nowMs - (1 + (index % 9)) * DAY_MS - index * HOUR_MS;
    guest.pid = 1_400 + index * 137;
  }
  return guest;
}

function qemuConfig(seed: GuestSeed): GuestConfig {
  return {
    name: seed.name,
    cores: String(seed.cores),
    sockets: '1',
    cpu: 'x86-64-v2-AES',
    memory: String(seed.memoryMiB),
    ostype: 'l26',
    scsihw: 'virtio-scsi-single',
    // A template's disks are base images (what makes linked clones of it possible).
    scsi0: `local-lvm:${seed.template ? 'base' : 'vm'}-${seed.vmid}-disk-0,iothread=1,size=${seed.diskGiB}G`,
    net0: `virtio=${macAddress(seed.vmid)},bridge=vmbr0,firewall=1`,
    boot: 'order=scsi0;net0',
    agent: '1',
    onboot: seed.running ? '1' : '0',
    ...(seed.tags !== undefined && { tags: seed.tags }),
    ...(seed.template && { template: '1' }),
    ...seed.extra,
  };
}

function lxcConfig(seed: GuestSeed): GuestConfig {
  return {
    hostname: seed.name,
    arch: 'amd64',
    cores: String(seed.cores),
    memory: String(seed.memoryMiB),
    swap: '512',
    ostype: 'debian',
    rootfs: `local-lvm:vm-${seed.vmid}-disk-0,size=${seed.diskGiB}G`,
    net0: `name=eth0,bridge=vmbr0,firewall=1,hwaddr=${macAddress(seed.vmid)},ip=dhcp,type=veth`,
    unprivileged: '1',
    onboot: seed.running ? '1' : '0',
    ...(seed.tags !== undefined && { tags: seed.tags }),
    ...seed.extra,
  };
}

/** The default `local` directory storage and the `local-lvm` thin pool of a fresh PVE install. */
function nodeStorages(node: ClusterNode, guests: readonly Guest[]): NodeStorage[] {
  const allocated = guests
    .filter((guest) => guest.node === node.name)
    .reduce((sum, guest) => sum + (volumeSizeBytes(guest.config['scsi0'] ?? guest.config['rootfs']) ?? 0), 0);
  return [
    {
      node: node.name,
      storage: 'local',
      plugintype: 'dir',
      content: ['iso', 'vztmpl', 'backup'],
      shared: false,
      totalBytes: 94 * GIB,
      usedBytes: 17 * GIB,
    },
    {
      node: node.name,
      storage: 'local-lvm',
      plugintype: 'lvmthin',
      content: ['images', 'rootdir'],
      shared: false,
      totalBytes: 1_800 * GIB,
      // Thin volumes use a fraction of what they are allocated.
      usedBytes: Math.round(allocated * 0.42),
    },
  ];
}

/** BC:24:11 is the prefix Proxmox assigns generated MAC addresses from. */
function macAddress(vmid: number): string {
  const bytes = [(vmid >> 16) & 0xff, (vmid >> 8) & 0xff, vmid & 0xff];
  return ['BC', '24', '11', ...bytes.map((byte) => byte.toString(16).toUpperCase().padStart(2, '0'))].join(
    ':',
  );
}

/** A SHA-256 fingerprint in the colon-separated form PVE reports. */
function fingerprint(seed: number): string {
  return Array.from({ length: 32 }, (_, index) =>
    ((seed * 73 + index * 151) % 256).toString(16).toUpperCase().padStart(2, '0'),
  ).join(':');
}
