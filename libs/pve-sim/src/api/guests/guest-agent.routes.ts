import { IPCONFIG_FORMAT, QEMU_NET_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString } from '../../formats/property-string';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition } from '../../routes/route';
import { NODE_PARAMETER, VMID_PARAMETER } from '../../routes/standard-parameters';
import type { Guest } from '../../state/guest';
import { type AgentProcess, processStatus, startProcess } from './guest-agent-exec';
import { agentEnabled } from './guest-power';
import { loadGuestConfig } from './load-guest-config';

// Source: qemu-server PVE/API2/Qemu/Agent.pm (register_command, exec, exec-status) and
// PVE/QemuServer/Agent.pm (assert_agent_available, qemu_exec, qemu_exec_status). Simple
// commands answer QEMU's result wrapped as `{ result: … }`; exec and exec-status answer
// it as is, with the output base64-decoded.
//
// The simulated guest reports its loopback and one interface per `netN` (named like a
// Debian/Ubuntu guest names virtio NICs: ens18, ens19, …) with the address cloud-init's
// `ipconfigN` gives it, or one a DHCP server on the bridge would hand out.

interface IpAddress {
  readonly 'ip-address-type': 'ipv4' | 'ipv6';
  readonly 'ip-address': string;
  readonly prefix: number;
}

/** PVE's assert_agent_available, then whether the agent has come up since the VM started. */
function assertAgentAnswers(guest: Guest, now: number): void {
  if (guest.config['agent'] === undefined) throw PveHttpError.failed('No QEMU guest agent configured');
  if (guest.status !== 'running') throw PveHttpError.failed(`VM ${guest.vmid} is not running`);
  const up =
    agentEnabled(guest) && !guest.paused && (guest.agentReadyAt === undefined || now >= guest.agentReadyAt);
  if (!up) throw PveHttpError.failed('QEMU guest agent is not running');
}

/** The address a DHCP server on the bridge hands out; the same for the same guest and NIC. */
function dhcpAddress(vmid: number, index: number, bridge: string | undefined): IpAddress {
  const host = 50 + ((vmid * 7 + index * 37) % 200);
  const lab = bridge !== undefined && bridge !== 'vmbr0' ? /\d+$/.exec(bridge)?.[0] : undefined;
  const address = lab === undefined ? `192.168.1.${host}` : `10.${Number(lab) % 256}.0.${host}`;
  return { 'ip-address-type': 'ipv4', 'ip-address': address, prefix: 24 };
}

/** IPv6 link-local address from the MAC (modified EUI-64). */
function linkLocal(mac: string): IpAddress {
  const bytes = mac.split(':').map((part) => Number.parseInt(part, 16));
  const eui = [
    (bytes[0] ?? 0) ^ 0x02,
    bytes[1] ?? 0,
    bytes[2] ?? 0,
    0xff,
    0xfe,
    bytes[3] ?? 0,
    bytes[4] ?? 0,
    bytes[5] ?? 0,
  ];
  const groups = [0, 2, 4, 6].map((at) => (((eui[at] ?? 0) << 8) | (eui[at + 1] ?? 0)).toString(16));
  return { 'ip-address-type': 'ipv6', 'ip-address': `fe80::${groups.join(':')}`, prefix: 64 };
}

function addresses(guest: Guest, index: number, bridge: string | undefined, mac: string): IpAddress[] {
  const ipconfig = guest.config[`ipconfig${index}`];
  const parsed = ipconfig === undefined ? {} : parsePropertyString(IPCONFIG_FORMAT, ipconfig);
  const result: IpAddress[] = [];
  const ip = parsed['ip'];
  if (ip !== undefined && ip.includes('/')) {
    const [address = '', prefix = '24'] = ip.split('/');
    result.push({ 'ip-address-type': 'ipv4', 'ip-address': address, prefix: Number(prefix) });
  } else if (ip !== 'manual') {
    result.push(dhcpAddress(guest.vmid, index, bridge));
  }
  const ip6 = parsed['ip6'];
  if (ip6 !== undefined && ip6.includes('/')) {
    const [address = '', prefix = '64'] = ip6.split('/');
    result.push({ 'ip-address-type': 'ipv6', 'ip-address': address, prefix: Number(prefix) });
  }
  result.push(linkLocal(mac));
  return result;
}

function statistics(guest: Guest, now: number, scale: number) {
  const seconds = Math.max(1, Math.floor((now - (guest.startedAt ?? now)) / 1000));
  const rx = Math.round(seconds * 1_800 * scale);
  const tx = Math.round(seconds * 900 * scale);
  return {
    'rx-bytes': rx,
    'rx-dropped': 0,
    'rx-errs': 0,
    'rx-packets': Math.round(rx / 700),
    'tx-bytes': tx,
    'tx-dropped': 0,
    'tx-errs': 0,
    'tx-packets': Math.round(tx / 600),
  };
}

export function networkInterfaces(guest: Guest, now: number): unknown[] {
  const interfaces: unknown[] = [
    {
      name: 'lo',
      'hardware-address': '00:00:00:00:00:00',
      'ip-addresses': [
        { 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1', prefix: 8 },
        { 'ip-address-type': 'ipv6', 'ip-address': '::1', prefix: 128 },
      ],
      statistics: statistics(guest, now, 0.05),
    },
  ];
  const nets = Object.keys(guest.config)
    .filter((key) => /^net\d+$/.test(key))
    .map((key) => Number(key.slice(3)))
    .sort((a, b) => a - b);
  for (const index of nets) {
    const net = parsePropertyString(QEMU_NET_FORMAT, guest.config[`net${index}`] ?? '');
    if (net['link_down'] === '1') continue;
    const mac = (net['macaddr'] ?? '').toLowerCase();
    interfaces.push({
      name: `ens${18 + index}`,
      'hardware-address': mac,
      'ip-addresses': addresses(guest, index, net['bridge'], mac),
      statistics: statistics(guest, now, 1),
    });
  }
  return interfaces;
}

/** The processes guest-exec started in each guest, until their exit has been read. */
const processes = new WeakMap<Guest, Map<number, AgentProcess>>();
// Guest PIDs of commands started through the agent; any plausible value works.
const FIRST_GUEST_PID = 2_000;

/** What a Debian 12 guest's agent reports to guest-get-osinfo. */
const DEBIAN_OSINFO = {
  id: 'debian',
  name: 'Debian GNU/Linux',
  'pretty-name': 'Debian GNU/Linux 12 (bookworm)',
  version: '12 (bookworm)',
  'version-id': '12',
  'kernel-release': '6.1.0-28-amd64',
  'kernel-version': '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)',
  machine: 'x86_64',
};

/** A QMP error of the agent, as mon_cmd dies with it. */
function qmpFailure(vmid: number, command: string, description: string): PveHttpError {
  return PveHttpError.failed(`VM ${vmid} qmp command '${command}' failed - ${description}`);
}

const AGENT_CALL_PARAMETERS = { node: NODE_PARAMETER, vmid: VMID_PARAMETER } as const;

function answeringGuest(
  state: Parameters<RouteDefinition['handle']>[1]['state'],
  params: Readonly<Record<string, string>>,
): Guest {
  const guest = loadGuestConfig(state, params['node'] ?? '', 'qemu', Number(params['vmid']));
  assertAgentAnswers(guest, Date.now());
  return guest;
}

const execRoute: RouteDefinition = {
  method: 'POST',
  path: '/nodes/{node}/qemu/{vmid}/agent/exec',
  parameters: {
    ...AGENT_CALL_PARAMETERS,
    command: { type: 'array' },
    'input-data': { type: 'string', optional: true, maxLength: 64 * 1024 },
  },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Unrestricted']] },
  handle: ({ params, arrays }, { state }) => {
    const guest = answeringGuest(state, params);
    const command = arrays['command'] ?? [];
    const input = params['input-data'];
    if (command.length === 0 && input === undefined)
      throw PveHttpError.failed('command or input-data (or both) required');
    const running = processes.get(guest) ?? new Map<number, AgentProcess>();
    processes.set(guest, running);
    const pid = FIRST_GUEST_PID + running.size + (Math.floor(Date.now() / 1000) % 1000);
    try {
      running.set(
        pid,
        startProcess(guest, pid, command.length > 0 ? command : ['cat'], input ?? '', Date.now()),
      );
    } catch (error: unknown) {
      throw qmpFailure(guest.vmid, 'guest-exec', (error as Error).message);
    }
    return { pid };
  },
};

const execStatusRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/qemu/{vmid}/agent/exec-status',
  parameters: { ...AGENT_CALL_PARAMETERS, pid: { type: 'integer' } },
  proxyToNode: true,
  permissions: { check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Unrestricted']] },
  handle: ({ params }, { state }) => {
    const guest = answeringGuest(state, params);
    const pid = Number(params['pid']);
    const process = processes.get(guest)?.get(pid);
    if (!process) throw qmpFailure(guest.vmid, 'guest-exec-status', "Invalid parameter 'pid'");
    const status = processStatus(process, Date.now());
    if (status['exited'] === 1) processes.get(guest)?.delete(pid);
    return status;
  },
};

const osInfoRoute: RouteDefinition = {
  method: 'GET',
  path: '/nodes/{node}/qemu/{vmid}/agent/get-osinfo',
  parameters: AGENT_CALL_PARAMETERS,
  proxyToNode: true,
  permissions: {
    check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'], 'any', 1],
  },
  handle: ({ params }, { state }) => {
    answeringGuest(state, params);
    return { result: DEBIAN_OSINFO };
  },
};

export const guestAgentRoutes: readonly RouteDefinition[] = [
  execRoute,
  execStatusRoute,
  osInfoRoute,
  {
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/agent/network-get-interfaces',
    parameters: { node: NODE_PARAMETER, vmid: VMID_PARAMETER },
    proxyToNode: true,
    permissions: {
      check: ['perm', '/vms/{vmid}', ['VM.GuestAgent.Audit', 'VM.GuestAgent.Unrestricted'], 'any', 1],
    },
    handle: ({ params }, { state }) => {
      const guest = loadGuestConfig(state, params['node'], 'qemu', Number(params['vmid']));
      const now = Date.now();
      assertAgentAnswers(guest, now);
      return { result: networkInterfaces(guest, now) };
    },
  },
];
