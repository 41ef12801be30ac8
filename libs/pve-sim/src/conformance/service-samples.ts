import type { PveSimulator } from '../simulator/pve-simulator';
import { type Sample, calls } from './guest-samples';

// Sample requests for the cluster services (HA, firewall, logs, metrics, node status,
// storage volumes and downloads, the guest agent), for the schema conformance test. Writes
// use guests no other sample writes to.

/** Fields real PVE returns that these methods' `returns` leave out (verified in PVE's source). */
export const SERVICE_SCHEMA_GAPS: Readonly<Record<string, readonly string[]>> = {
  // pve-ha-manager Resources.pm index returns each whole resources.cfg entry ($api_copy_config).
  'GET /cluster/ha/resources': [
    'type',
    'state',
    'digest',
    'comment',
    'max_restart',
    'max_relocate',
    'failback',
  ],
  // pve-firewall copy_opject_with_digest / copy_list_with_digest add the config's digest.
  ...Object.fromEntries(
    [
      '/cluster/firewall',
      '/nodes/{node}/firewall',
      '/nodes/{node}/qemu/{vmid}/firewall',
      '/nodes/{node}/lxc/{vmid}/firewall',
    ].flatMap((base) => [
      [`GET ${base}/options`, ['digest']],
      [`GET ${base}/rules`, ['digest']],
      [`GET ${base}/rules/{pos}`, ['digest']],
    ]),
  ),
  // pve-manager Nodes.pm status passes on PVE::ProcFSTools::read_cpuinfo whole.
  'GET /nodes/{node}/status': ['mhz', 'hvm', 'user_hz', 'flags'],
  // pve-ha-manager Status.pm $add_service copies the resource's comment too.
  'GET /cluster/ha/status/current': ['comment'],
  // pve-storage PVE/Diskmanage.pm get_disks reports these for every disk.
  'GET /nodes/{node}/disks/list': ['type', 'wearout', 'rpm', 'by_id_link'],
  // pve-manager PVE/API2/Backup.pm index returns jobs.cfg entries, type included.
  'GET /cluster/backup': ['type'],
};

/** Fields PVE sends as null where its `returns` declares a value (Diskmanage's undef 'osdid-list'). */
export const SERVICE_NULLS: Readonly<Record<string, readonly string[]>> = {
  'GET /nodes/{node}/disks/list': ['osdid-list'],
};

const NETINST = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso';

/** A backup archive of the homelab's, by guest. */
function backupOf(simulator: PveSimulator, vmid: number): string {
  const volume = simulator.state.volumes('pve3', 'local').find((entry) => entry.vmid === vmid);
  if (!volume) throw new Error(`the homelab has no backup of ${vmid}`);
  return volume.volid;
}

const content = (volid: string) => `/nodes/pve3/storage/local/content/${encodeURIComponent(volid)}`;

function firewallSamples(base: string, rule: Record<string, string>): Record<string, Sample> {
  const key = base.replace(/\/(?:pve\d|\d+)(?=\/|$)/g, (match) =>
    /^\/pve/.test(match) ? '/{node}' : '/{vmid}',
  );
  return {
    [`GET ${key}/options`]: calls(['GET', `${base}/options`]),
    [`GET ${key}/rules`]: calls(['GET', `${base}/rules`]),
    [`POST ${key}/rules`]: calls(['POST', `${base}/rules`, rule]),
    [`GET ${key}/rules/{pos}`]: async (simulator) => {
      await calls(['POST', `${base}/rules`, rule])(simulator, undefined as never);
      return calls(['GET', `${base}/rules/0`])(simulator, undefined as never);
    },
    [`DELETE ${key}/rules/{pos}`]: calls(['POST', `${base}/rules`, rule], ['DELETE', `${base}/rules/0`]),
  };
}

const SSH_FROM_LAN = { type: 'in', action: 'ACCEPT', macro: 'SSH', source: '192.168.1.0/24', enable: '1' };

export const SERVICE_SAMPLES: Readonly<Record<string, Sample>> = {
  'GET /nodes/{node}/status': calls(['GET', '/nodes/pve1/status'], ['GET', '/nodes/pve3/status']),
  'GET /nodes/{node}/disks/list': calls(
    ['GET', '/nodes/pve1/disks/list'],
    ['GET', '/nodes/pve1/disks/list?type=unused'],
  ),
  'GET /nodes/{node}/syslog': calls(
    ['GET', '/nodes/pve1/syslog'],
    ['GET', '/nodes/pve2/syslog?service=pvedaemon&limit=5'],
  ),
  'GET /cluster/log': calls(['GET', '/cluster/log'], ['GET', '/cluster/log?max=3']),
  'GET /cluster/options': calls(['GET', '/cluster/options']),
  'GET /cluster/backup': calls(['GET', '/cluster/backup']),
  'GET /nodes/{node}/rrddata': calls(
    ['GET', '/nodes/pve1/rrddata?timeframe=hour'],
    ['GET', '/nodes/pve2/rrddata?timeframe=decade&cf=MAX'],
  ),
  'GET /nodes/{node}/qemu/{vmid}/rrddata': calls(
    ['GET', '/nodes/pve1/qemu/100/rrddata?timeframe=day'],
    ['GET', '/nodes/pve1/qemu/106/rrddata?timeframe=week'],
  ),
  'GET /nodes/{node}/lxc/{vmid}/rrddata': calls([
    'GET',
    '/nodes/pve1/lxc/200/rrddata?timeframe=month&cf=AVERAGE',
  ]),
  'GET /cluster/ha': calls(['GET', '/cluster/ha']),
  'GET /cluster/ha/resources': calls(
    ['GET', '/cluster/ha/resources'],
    ['GET', '/cluster/ha/resources?type=ct'],
  ),
  'GET /cluster/ha/resources/{sid}': calls(
    ['GET', '/cluster/ha/resources/vm:102'],
    ['GET', '/cluster/ha/resources/111'],
  ),
  'POST /cluster/ha/resources': calls([
    'POST',
    '/cluster/ha/resources',
    { sid: 'vm:104', state: 'started', max_restart: '2' },
  ]),
  'PUT /cluster/ha/resources/{sid}': calls([
    'PUT',
    '/cluster/ha/resources/vm:111',
    { comment: 'replica', max_relocate: '3' },
  ]),
  'DELETE /cluster/ha/resources/{sid}': calls(
    ['POST', '/cluster/ha/resources', { sid: '105' }],
    ['DELETE', '/cluster/ha/resources/105'],
  ),
  'GET /cluster/ha/status': calls(['GET', '/cluster/ha/status']),
  'GET /cluster/ha/status/current': calls(['GET', '/cluster/ha/status/current']),
  'GET /cluster/ha/status/manager_status': calls(['GET', '/cluster/ha/status/manager_status']),
  ...firewallSamples('/cluster/firewall', SSH_FROM_LAN),
  ...firewallSamples('/nodes/pve1/firewall', { type: 'in', action: 'ACCEPT', proto: 'tcp', dport: '8006' }),
  ...firewallSamples('/nodes/pve1/qemu/104/firewall', { ...SSH_FROM_LAN, iface: 'net0' }),
  ...firewallSamples('/nodes/pve1/lxc/200/firewall', {
    type: 'out',
    action: 'DROP',
    proto: 'icmp',
    'icmp-type': 'echo-request',
  }),
  'GET /nodes/{node}/qemu/{vmid}/pending': calls(['GET', '/nodes/pve1/qemu/100/pending']),
  'GET /nodes/{node}/lxc/{vmid}/pending': calls(['GET', '/nodes/pve1/lxc/200/pending']),
  'GET /nodes/{node}/lxc/{vmid}/interfaces': calls(['GET', '/nodes/pve1/lxc/200/interfaces']),
  'POST /nodes/{node}/qemu/{vmid}/move_disk': calls([
    'POST',
    '/nodes/pve3/qemu/9001/move_disk',
    { disk: 'scsi0', storage: 'nas' },
  ]),
  'POST /nodes/{node}/lxc/{vmid}/move_volume': calls(
    [
      'POST',
      '/nodes/pve1/lxc',
      {
        vmid: '260',
        ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
        rootfs: 'local-lvm:4',
      },
    ],
    ['POST', '/nodes/pve1/lxc/260/move_volume', { volume: 'rootfs', storage: 'nas', delete: '1' }],
  ),
  'GET /nodes/{node}/storage/{storage}/content/{volume}': async (simulator) =>
    calls(
      [
        'GET',
        `/nodes/pve1/storage/local/content/${encodeURIComponent('local:iso/debian-12.9.0-amd64-netinst.iso')}`,
      ],
      ['GET', content(backupOf(simulator, 111))],
      ['GET', '/nodes/pve1/storage/local-lvm/content/local-lvm:vm-100-disk-0'],
    )(simulator, undefined as never),
  'PUT /nodes/{node}/storage/{storage}/content/{volume}': async (simulator) =>
    calls(['PUT', content(backupOf(simulator, 111)), { notes: 'kept for the audit', protected: '1' }])(
      simulator,
      undefined as never,
    ),
  'DELETE /nodes/{node}/storage/{storage}/content/{volume}': async (simulator) =>
    calls(['DELETE', content(backupOf(simulator, 210))])(simulator, undefined as never),
  'POST /nodes/{node}/storage/{storage}/download-url': calls([
    'POST',
    '/nodes/pve1/storage/local/download-url',
    { url: NETINST, content: 'iso', filename: 'debian-13.1.0-amd64-netinst.iso' },
  ]),
  'GET /nodes/{node}/query-url-metadata': calls([
    'GET',
    `/nodes/pve1/query-url-metadata?url=${encodeURIComponent(NETINST)}`,
  ]),
  'GET /nodes/{node}/aplinfo': calls(['GET', '/nodes/pve1/aplinfo']),
  'POST /nodes/{node}/aplinfo': calls([
    'POST',
    '/nodes/pve2/aplinfo',
    { storage: 'local', template: 'alpine-3.22-default_20250617_amd64.tar.xz' },
  ]),
  'POST /nodes/{node}/qemu/{vmid}/agent/exec': calls([
    'POST',
    '/nodes/pve1/qemu/100/agent/exec',
    { command: 'hostname' },
  ]),
  'GET /nodes/{node}/qemu/{vmid}/agent/exec-status': async (simulator) => {
    const started = (
      await calls(['POST', '/nodes/pve1/qemu/100/agent/exec', { command: 'uptime' }])(
        simulator,
        undefined as never,
      )
    )[0] as {
      pid: number;
    };
    return calls(['GET', `/nodes/pve1/qemu/100/agent/exec-status?pid=${started.pid}`])(
      simulator,
      undefined as never,
    );
  },
  'GET /nodes/{node}/qemu/{vmid}/agent/get-osinfo': calls(['GET', '/nodes/pve1/qemu/100/agent/get-osinfo']),
  'DELETE /nodes/{node}/tasks/{upid}': async (simulator) => {
    const [upid] = (await calls([
      'POST',
      '/nodes/pve3/storage/local/download-url',
      { url: NETINST, content: 'iso', filename: 'stopped.iso' },
    ])(simulator, undefined as never)) as string[];
    return calls(['DELETE', `/nodes/pve3/tasks/${encodeURIComponent(upid ?? '')}`])(
      simulator,
      undefined as never,
    );
  },
};
