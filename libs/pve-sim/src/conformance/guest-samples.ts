import { api, callApi, taskStopped } from '../__tests__/sim-http';
import type { RouteDefinition } from '../routes/route';
import type { PveSimulator } from '../simulator/pve-simulator';

// Sample requests for the guest lifecycle, snapshot, backup and task routes, for the
// schema conformance test. Each sample uses guests no other sample touches (or makes
// its own), since samples run one after another on one simulator and their tasks may
// still run when the next sample starts.

export type Sample = (simulator: PveSimulator, route: RouteDefinition) => Promise<unknown[]>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Fields real PVE returns that these methods' `returns` leave out (verified in PVE's source). */
export const GUEST_SCHEMA_GAPS: Readonly<Record<string, readonly string[]>> = {
  // qemu-server/pve-container snapshot_list: the `current` entry carries the config digest and
  // whether the guest runs; unfinished snapshots their `snapstate`.
  'GET /nodes/{node}/qemu/{vmid}/snapshot': ['digest', 'running', 'snapstate'],
  'GET /nodes/{node}/lxc/{vmid}/snapshot': ['digest', 'running', 'snapstate'],
  // pve-manager Tasks.pm node_tasks ($convert_token_task) splits a token's user into user and tokenid.
  'GET /nodes/{node}/tasks': ['tokenid'],
};

async function call(
  simulator: PveSimulator,
  method: Method,
  path: string,
  body?: Record<string, string>,
): Promise<unknown> {
  const response = await callApi(simulator, method, api(path), {
    ...(body && {
      body: new URLSearchParams(body).toString(),
      contentType: 'application/x-www-form-urlencoded',
    }),
  });
  if (response.status !== 200)
    throw new Error(`${method} ${path}: ${response.status} ${response.statusText}`);
  return response.body?.data;
}

/** Calls a worker method and waits for its task to end with OK. */
async function task(
  simulator: PveSimulator,
  method: Method,
  path: string,
  body?: Record<string, string>,
): Promise<string> {
  const upid = (await call(simulator, method, path, body)) as string;
  const finished = await taskStopped(simulator, upid);
  if (finished.exitstatus !== 'OK')
    throw new Error(`${method} ${path}: task ended with ${finished.exitstatus}`);
  return upid;
}

export const calls =
  (...requests: Array<[Method, string, Record<string, string>?]>): Sample =>
  async (simulator) => {
    const answers: unknown[] = [];
    for (const [method, path, body] of requests) {
      const answer = await call(simulator, method, path, body);
      // Let the worker finish, so the next sample meets no lock of this one's.
      if (typeof answer === 'string' && answer.startsWith('UPID:')) await taskStopped(simulator, answer);
      answers.push(answer);
    }
    return answers;
  };

async function withSnapshot(simulator: PveSimulator, guest: string, snapname: string): Promise<void> {
  await task(simulator, 'POST', `${guest}/snapshot`, { snapname, description: 'before the upgrade' });
}

export const GUEST_SAMPLES: Readonly<Record<string, Sample>> = {
  'POST /nodes/{node}/qemu': async (simulator) => {
    const archive = simulator.state
      .volumes('pve3', 'local')
      .find((volume) => volume.content === 'backup' && volume.subtype === 'qemu');
    return calls(
      [
        'POST',
        '/nodes/pve1/qemu',
        { vmid: '150', name: 'sample', scsi0: 'local-lvm:8', net0: 'virtio,bridge=vmbr0' },
      ],
      ['POST', '/nodes/pve3/qemu', { vmid: '153', archive: archive?.volid ?? '', storage: 'local-lvm' }],
    )(simulator, undefined as never);
  },
  'POST /nodes/{node}/lxc': calls([
    'POST',
    '/nodes/pve1/lxc',
    {
      vmid: '250',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    },
  ]),
  'GET /nodes/{node}/qemu/{vmid}/config': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve1/qemu/101', 'sample');
    return calls(
      ['GET', '/nodes/pve1/qemu/101/config'],
      ['GET', '/nodes/pve1/qemu/101/config?snapshot=sample'],
      ['GET', '/nodes/pve1/qemu/9000/config?current=1'],
      ['GET', '/nodes/pve2/qemu/116/config'],
    )(simulator, undefined as never);
  },
  'PUT /nodes/{node}/qemu/{vmid}/config': calls([
    'PUT',
    '/nodes/pve2/qemu/115/config',
    { memory: '4096', delete: 'tags', ciuser: 'ops', ipconfig0: 'ip=10.0.0.5/24,gw=10.0.0.1' },
  ]),
  'POST /nodes/{node}/qemu/{vmid}/config': calls(['POST', '/nodes/pve3/qemu/120/config', { cores: '4' }]),
  'GET /nodes/{node}/lxc/{vmid}/config': calls(
    ['GET', '/nodes/pve1/lxc/200/config'],
    ['GET', '/nodes/pve2/lxc/211/config'],
  ),
  'PUT /nodes/{node}/lxc/{vmid}/config': calls([
    'PUT',
    '/nodes/pve2/lxc/212/config',
    { description: 'sync clients' },
  ]),
  'POST /nodes/{node}/qemu/{vmid}/clone': calls([
    'POST',
    '/nodes/pve1/qemu/9000/clone',
    { newid: '151', name: 'linked' },
  ]),
  'POST /nodes/{node}/lxc/{vmid}/clone': calls([
    'POST',
    '/nodes/pve2/lxc/211/clone',
    { newid: '252', hostname: 'mqtt-2' },
  ]),
  'PUT /nodes/{node}/qemu/{vmid}/resize': calls([
    'PUT',
    '/nodes/pve1/qemu/103/resize',
    { disk: 'scsi0', size: '+1G' },
  ]),
  'PUT /nodes/{node}/lxc/{vmid}/resize': calls([
    'PUT',
    '/nodes/pve1/lxc/201/resize',
    { disk: 'rootfs', size: '+1G' },
  ]),
  'POST /nodes/{node}/qemu/{vmid}/template': calls(['POST', '/nodes/pve2/qemu/116/template']),
  'POST /nodes/{node}/lxc/{vmid}/template': async (simulator) => {
    await task(simulator, 'POST', '/nodes/pve1/lxc', {
      vmid: '251',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: 'local-lvm:4',
    });
    return calls(['POST', '/nodes/pve1/lxc/251/template'])(simulator, undefined as never);
  },
  'POST /nodes/{node}/qemu/{vmid}/migrate': calls([
    'POST',
    '/nodes/pve3/qemu/125/migrate',
    { target: 'pve2' },
  ]),
  'POST /nodes/{node}/lxc/{vmid}/migrate': calls([
    'POST',
    '/nodes/pve3/lxc/220/migrate',
    { target: 'pve2', restart: '1' },
  ]),
  'DELETE /nodes/{node}/qemu/{vmid}': async (simulator) => {
    await task(simulator, 'POST', '/nodes/pve1/qemu', { vmid: '160', scsi0: 'local-lvm:2' });
    return calls(['DELETE', '/nodes/pve1/qemu/160?purge=1'])(simulator, undefined as never);
  },
  'DELETE /nodes/{node}/lxc/{vmid}': calls(['DELETE', '/nodes/pve1/lxc/202?force=1&purge=1']),
  'GET /nodes/{node}/qemu/{vmid}/snapshot': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve1/qemu/104', 'first');
    await withSnapshot(simulator, '/nodes/pve1/qemu/104', 'second');
    return calls(['GET', '/nodes/pve1/qemu/104/snapshot'], ['GET', '/nodes/pve1/qemu/9000/snapshot'])(
      simulator,
      undefined as never,
    );
  },
  'POST /nodes/{node}/qemu/{vmid}/snapshot': calls([
    'POST',
    '/nodes/pve1/qemu/105/snapshot',
    { snapname: 'pre_upgrade', vmstate: '1' },
  ]),
  'GET /nodes/{node}/qemu/{vmid}/snapshot/{snapname}': calls([
    'GET',
    '/nodes/pve1/qemu/105/snapshot/pre_upgrade',
  ]),
  'DELETE /nodes/{node}/qemu/{vmid}/snapshot/{snapname}': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve1/qemu/106', 'old');
    return calls(['DELETE', '/nodes/pve1/qemu/106/snapshot/old'])(simulator, undefined as never);
  },
  'POST /nodes/{node}/qemu/{vmid}/snapshot/{snapname}/rollback': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve1/qemu/102', 'known_good');
    return calls(['POST', '/nodes/pve1/qemu/102/snapshot/known_good/rollback', { start: '1' }])(
      simulator,
      undefined as never,
    );
  },
  'GET /nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve2/qemu/110', 'cfg');
    return calls(['GET', '/nodes/pve2/qemu/110/snapshot/cfg/config'])(simulator, undefined as never);
  },
  'PUT /nodes/{node}/qemu/{vmid}/snapshot/{snapname}/config': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve2/qemu/111', 'cfg');
    return calls(['PUT', '/nodes/pve2/qemu/111/snapshot/cfg/config', { description: 'kept' }])(
      simulator,
      undefined as never,
    );
  },
  'GET /nodes/{node}/lxc/{vmid}/snapshot': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve1/lxc/200', 'first');
    return calls(['GET', '/nodes/pve1/lxc/200/snapshot'])(simulator, undefined as never);
  },
  'POST /nodes/{node}/lxc/{vmid}/snapshot': calls([
    'POST',
    '/nodes/pve2/lxc/210/snapshot',
    { snapname: 'pre' },
  ]),
  'GET /nodes/{node}/lxc/{vmid}/snapshot/{snapname}': calls(['GET', '/nodes/pve2/lxc/210/snapshot/pre']),
  'DELETE /nodes/{node}/lxc/{vmid}/snapshot/{snapname}': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve3/lxc/221', 'old');
    return calls(['DELETE', '/nodes/pve3/lxc/221/snapshot/old'])(simulator, undefined as never);
  },
  'POST /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/rollback': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve3/lxc/221', 'good');
    return calls(['POST', '/nodes/pve3/lxc/221/snapshot/good/rollback'])(simulator, undefined as never);
  },
  'GET /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/config': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve2/lxc/212', 'cfg');
    return calls(['GET', '/nodes/pve2/lxc/212/snapshot/cfg/config'])(simulator, undefined as never);
  },
  'PUT /nodes/{node}/lxc/{vmid}/snapshot/{snapname}/config': async (simulator) => {
    await withSnapshot(simulator, '/nodes/pve2/lxc/212', 'cfg2');
    return calls(['PUT', '/nodes/pve2/lxc/212/snapshot/cfg2/config', { description: 'kept' }])(
      simulator,
      undefined as never,
    );
  },
  'POST /nodes/{node}/qemu/{vmid}/status/reboot': calls(['POST', '/nodes/pve2/qemu/112/status/reboot']),
  'POST /nodes/{node}/qemu/{vmid}/status/suspend': calls(['POST', '/nodes/pve2/qemu/113/status/suspend']),
  'POST /nodes/{node}/qemu/{vmid}/status/resume': calls(['POST', '/nodes/pve2/qemu/114/status/resume']),
  'POST /nodes/{node}/lxc/{vmid}/status/reboot': calls(['POST', '/nodes/pve1/lxc/201/status/reboot']),
  'GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces': calls([
    'GET',
    '/nodes/pve1/qemu/100/agent/network-get-interfaces',
  ]),
  'POST /nodes/{node}/vzdump': calls(
    ['POST', '/nodes/pve2/vzdump', { vmid: '111', storage: 'local', compress: 'zstd', mode: 'snapshot' }],
    ['POST', '/nodes/pve2/vzdump', { vmid: '100' }],
  ),
  'GET /nodes/{node}/tasks': async (simulator) => {
    await task(simulator, 'POST', '/nodes/pve3/qemu/121/status/reboot');
    return calls(
      ['GET', '/nodes/pve3/tasks'],
      ['GET', '/nodes/pve3/tasks?source=all&limit=5'],
      ['GET', '/nodes/pve3/tasks?vmid=121&typefilter=qmreboot&errors=0'],
    )(simulator, undefined as never);
  },
  'GET /nodes/{node}/tasks/{upid}': async (simulator) => {
    const upid = (await call(simulator, 'POST', '/nodes/pve3/qemu/121/status/reboot')) as string;
    return calls(['GET', `/nodes/pve3/tasks/${encodeURIComponent(upid)}`])(simulator, undefined as never);
  },
  'GET /nodes/{node}/tasks/{upid}/log': async (simulator) => {
    const upid = await task(simulator, 'POST', '/nodes/pve3/qemu/120/config', { description: 'logged' });
    const log = `/nodes/pve3/tasks/${encodeURIComponent(upid)}/log`;
    return calls(['GET', log], ['GET', `${log}?start=1&limit=1`])(simulator, undefined as never);
  },
};
