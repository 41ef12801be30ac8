import type { NodeStorage } from '../state/cluster-node';
import type { FirewallInventory } from '../state/firewall-state';
import type { HaResource } from '../state/ha-state';
import type { BackupJob, PhysicalDisk } from '../state/node-hardware';

// The homelab's cluster services: HA keeps the databases and Grafana up, the firewall
// drops what the LAN did not ask for, one nightly backup job, and each node's disks.

const GB = 1000 ** 3;

export const HOMELAB_HA: readonly HaResource[] = [
  { sid: 'vm:102', type: 'vm', state: 'started', options: { max_restart: '2', comment: 'primary database' } },
  { sid: 'vm:111', type: 'vm', state: 'started', options: { max_relocate: '2' } },
  { sid: 'ct:210', type: 'ct', state: 'started', options: {} },
];

const WEB_RULES = [
  { type: 'in', action: 'ACCEPT', macro: 'HTTPS', enable: '1' },
  { type: 'in', action: 'ACCEPT', macro: 'HTTP', enable: '1' },
];

export const HOMELAB_FIREWALL: FirewallInventory = {
  cluster: {
    options: { enable: '1', policy_in: 'DROP', policy_out: 'ACCEPT' },
    rules: [
      {
        type: 'in',
        action: 'ACCEPT',
        macro: 'SSH',
        source: '192.168.1.0/24',
        enable: '1',
        comment: 'SSH from the LAN',
      },
      {
        type: 'in',
        action: 'ACCEPT',
        proto: 'tcp',
        dport: '8006',
        source: '192.168.1.0/24',
        enable: '1',
        comment: 'web UI',
      },
      { type: 'in', action: 'ACCEPT', macro: 'Ping', enable: '1' },
    ],
  },
  nodes: Object.fromEntries(
    ['pve1', 'pve2', 'pve3'].map((node) => [node, { options: { enable: '1' }, rules: [] }]),
  ),
  guests: {
    100: { options: { enable: '1', policy_in: 'DROP' }, rules: WEB_RULES },
    101: { options: { enable: '1', policy_in: 'DROP' }, rules: WEB_RULES },
    110: { options: { enable: '1', policy_in: 'DROP' }, rules: WEB_RULES },
    102: {
      options: { enable: '1', policy_in: 'DROP' },
      rules: [
        {
          type: 'in',
          action: 'ACCEPT',
          proto: 'tcp',
          dport: '5432',
          source: '192.168.1.0/24',
          enable: '1',
          comment: 'PostgreSQL',
        },
      ],
    },
  },
};

export const HOMELAB_BACKUP_JOBS: readonly BackupJob[] = [
  {
    id: 'backup-6b3c2a1f-4d5e',
    type: 'vzdump',
    schedule: '02:00',
    storage: 'local',
    mode: 'snapshot',
    compress: 'zstd',
    enabled: 1,
    vmid: '102,111,210',
    'notes-template': '{{guestname}}',
    'prune-backups': { 'keep-last': 2 },
  },
];

export const HOMELAB_CLUSTER_OPTIONS = {
  keyboard: 'en-us',
  console: 'html5',
  mac_prefix: 'BC:24:11',
  migration: { type: 'secure' },
  crs: { ha: 'static' },
};

function nvme(node: number, sizeGb: number, used: string): PhysicalDisk {
  return {
    devpath: '/dev/nvme0n1',
    size: sizeGb * GB,
    model: 'Samsung SSD 980 PRO 2TB',
    serial: `S6B0NL0W${String(node).padStart(6, '0')}`,
    wwn: `eui.002538b${node}21b8c3a10`,
    type: 'nvme',
    health: 'PASSED',
    used,
    gpt: true,
    mounted: false,
    wearout: 97 - node,
  };
}

export const HOMELAB_DISKS: Readonly<Record<string, readonly PhysicalDisk[]>> = {
  pve1: [
    nvme(1, 2_000, 'LVM'),
    {
      devpath: '/dev/sda',
      size: 4_000 * GB,
      model: 'WDC WD40EFPX-68C6CN0',
      serial: 'WD-WX12D23AB456',
      vendor: 'ATA',
      type: 'hdd',
      health: 'PASSED',
      gpt: false,
      mounted: false,
      wearout: 'N/A',
      rpm: 5400,
    },
  ],
  pve2: [nvme(2, 2_000, 'LVM')],
  pve3: [
    nvme(3, 1_000, 'LVM'),
    {
      devpath: '/dev/sdb',
      size: 8_000 * GB,
      model: 'ST8000VN004-3CP101',
      serial: 'WWZ4ABCD',
      vendor: 'ATA',
      type: 'hdd',
      health: 'PASSED',
      used: 'ext4',
      gpt: true,
      mounted: true,
      wearout: 'N/A',
      rpm: 7200,
    },
  ],
};

/**
 * An NFS share every homelab node mounts, which the scenario leaves out (its guests live
 * on local storage) and a run adds with `storages` when disks need somewhere to move to.
 */
export const HOMELAB_NFS_SHARE: readonly NodeStorage[] = ['pve1', 'pve2', 'pve3'].map((node) => ({
  node,
  storage: 'nas',
  plugintype: 'nfs',
  content: ['images', 'rootdir', 'iso', 'backup'],
  shared: true,
  totalBytes: 8 * 1024 ** 4,
  usedBytes: 2 * 1024 ** 4,
  settings: { server: '192.168.1.20', export: '/export/pve', path: '/mnt/pve/nas' },
}));
