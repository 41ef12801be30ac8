import type { Client } from '@modelcontextprotocol/client';
import { DEFAULT_SIM_TOKEN, HOMELAB_NFS_SHARE } from '@proxmox-mpc/pve-sim';
import { ADMIN_TOKEN, InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

const NO_EXEC = 'no-exec-token-for-tests';
const NETINST = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-cd/debian-13.1.0-amd64-netinst.iso';
const DVD = 'https://cdimage.debian.org/debian-cd/current/amd64/iso-dvd/debian-13.1.0-amd64-DVD-1.iso';

type Operation = ReturnType<typeof operationOf>;

/**
 * The tools beyond the guest lifecycle — node status, metrics, HA, firewall, logs, storage
 * volumes, pending changes, guest-agent exec, disk moves, downloads, task stops — through
 * MCP against the simulator, under the default approval policy.
 */
describe('cluster tools', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      simulator: {
        storages: HOMELAB_NFS_SHARE,
        guestAgentDelayMs: 0,
        // A backup long enough to be stopped while it runs.
        taskDurationsMs: { vzdump: 60_000 },
      },
      edgeEnv: {
        MCP_TOKEN_EXEC: 'cat /etc/hostname,uname,seq',
        MCP_EXEC_MAX_OUTPUT_BYTES: '1024',
        MCP_DOWNLOAD_MAX_BYTES: String(1024 ** 3),
        // The tests run offline: the simulated internet's hosts resolve nowhere, so they are allowed by name.
        MCP_DOWNLOAD_ALLOWED_HOSTS: 'cdimage.debian.org',
      },
      tokens: [{ name: 'no-exec', token: NO_EXEC, scopes: ['read', 'apply'] }],
    });
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>, as: Client = client) =>
    (await as.callTool({ name, arguments: args })) as ToolResult;
  const structured = async <T>(name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
    return result.structuredContent as T;
  };
  const status = async (operationId: string) => operationOf(await call('operation_status', { operationId }));
  const settled = async (operationId: string): Promise<Operation> => {
    const deadline = Date.now() + 15_000;
    let view = await status(operationId);
    while (!['completed', 'failed'].includes(view.status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await status(operationId);
    }
    return view;
  };
  /** A call the default policy holds: checks it waits, approves it as the operator, and waits for the end. */
  const approved = async (name: string, args: Record<string, unknown>): Promise<Operation> => {
    const held = operationOf(await call(name, args));
    expect(held.status).toBe('awaiting-approval');
    expect((await platform.decide(held.operationId, 'approve', ADMIN_TOKEN)).status).toBe(200);
    return settled(held.operationId);
  };
  const completed = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    const operation = operationOf(result);
    if (operation.status !== 'completed') throw new Error(`${name} did not complete: ${textOf(result)}`);
    return operation.result as Record<string, unknown>;
  };

  describe('reads', () => {
    it("should show a node's status with its kernel and Proxmox VE version", async () => {
      const reply = await structured<{ status: Record<string, unknown> }>('get_node_status', {
        node: 'pve1',
      });
      expect(reply.status).toMatchObject({
        node: 'pve1',
        kernel: expect.stringMatching(/-pve$/),
        pveVersion: expect.stringMatching(/^pve-manager\/9\./),
        loadAverage: expect.any(Array),
      });
      expect(reply.status.memoryUsedBytes as number).toBeLessThan(reply.status.memoryTotalBytes as number);
    });

    it('should give node and guest metrics as one bounded series', async () => {
      const node = await structured<{ points: Array<Record<string, unknown>>; resolutionSeconds: number }>(
        'get_metrics',
        { node: 'pve2', timeframe: 'day', maxPoints: 20 },
      );
      expect(node.points.length).toBeLessThanOrEqual(20);
      expect(node.points[0]).toMatchObject({ cpu: expect.any(Number), loadAverage: expect.any(Number) });
      const guest = await structured<{ points: Array<Record<string, unknown>>; timeframe: string }>(
        'get_metrics',
        {
          guest: 100,
        },
      );
      expect(guest.timeframe).toBe('hour');
      expect(guest.points[0]).toMatchObject({ netInBytesPerSecond: expect.any(Number) });
      const both = await call('get_metrics', { node: 'pve1', guest: 100 });
      expect(textOf(both)).toMatch(/give either node .* not both \[INVALID_MESSAGE\]/);
    });

    it("should show the HA manager and the scenario's HA resources", async () => {
      const reply = await structured<{ quorate: boolean; resources: Array<{ sid: string; state: string }> }>(
        'get_ha_status',
        {},
      );
      expect(reply.quorate).toBe(true);
      expect(reply.resources.map((resource) => resource.sid)).toEqual(
        expect.arrayContaining(['vm:102', 'vm:111', 'ct:210']),
      );
    });

    it('should show the firewall of the cluster and of a guest with positions and a digest', async () => {
      const cluster = await structured<{ clusterEnabled: boolean; rules: unknown[] }>('get_firewall', {
        scope: 'cluster',
      });
      expect(cluster.clusterEnabled).toBe(true);
      const guest = await structured<{ rules: Array<{ pos: number }>; digest: string }>('get_firewall', {
        scope: 'guest',
        guest: 'web-01',
      });
      expect(guest.rules.map((rule) => rule.pos)).toEqual(guest.rules.map((_, index) => index));
      expect(guest.digest).toMatch(/^[0-9a-f]{40}$/);
      const missing = await call('get_firewall', { scope: 'node' });
      expect(textOf(missing)).toMatch(/node: give the node for scope node \[INVALID_MESSAGE\]/);
    });

    it("should read the cluster log and a node's syslog, bounded", async () => {
      const cluster = await structured<{ entries: unknown[] }>('read_log', { source: 'cluster', lines: 5 });
      expect(cluster.entries.length).toBeLessThanOrEqual(5);
      const syslog = await structured<{ entries: Array<{ text: string }>; truncated: boolean }>('read_log', {
        source: 'syslog',
        node: 'pve1',
        lines: 3,
      });
      expect(syslog.entries).toHaveLength(3);
      expect(syslog.truncated).toBe(true);
    });

    it("should show a volume's size and format, and a guest's pending changes", async () => {
      const volume = await structured<Record<string, unknown>>('get_volume', {
        node: 'pve1',
        volume: 'local-lvm:vm-100-disk-0',
      });
      expect(volume).toMatchObject({ format: 'raw', sizeBytes: 32 * 1024 ** 3 });
      // The simulator applies every change at once, so nothing waits for a restart.
      const pending = await call('get_pending_changes', { guest: 100 });
      expect(pending.structuredContent).toMatchObject({ vmid: 100, node: 'pve1', changes: [] });
    });
  });

  describe('exec in a guest', () => {
    it('should run an allowed command after approval and return its output', async () => {
      const done = await approved('exec_in_guest', { guest: 100, command: ['cat', '/etc/hostname'] });
      expect(done).toMatchObject({
        status: 'completed',
        result: { operation: 'exec', exited: true, exitCode: 0, stdout: 'web-01\n', stdoutTruncated: false },
      });
    });

    it('should bound the output it captures', async () => {
      const done = await approved('exec_in_guest', { guest: 100, command: ['seq', '100000'] });
      expect(done.result).toMatchObject({ exitCode: 0, stdoutTruncated: true });
      expect(Buffer.byteLength(done.result?.stdout as string)).toBeLessThanOrEqual(1024);
    });

    it('should refuse a command off the allow-list, and any command for a token without one', async () => {
      const rm = await call('exec_in_guest', { guest: 100, command: ['rm', '-rf', '/'] });
      expect(rm.isError).toBe(true);
      expect(textOf(rm)).toMatch(
        /may not run "rm -rf \/" in guests: it is not on the exec allow-list .*\[FORBIDDEN\]/,
      );
      // A prefix matches whole words only: `cat /etc/shadow` is not `cat /etc/hostname`.
      const shadow = await call('exec_in_guest', { guest: 100, command: ['cat', '/etc/shadow'] });
      expect(textOf(shadow)).toMatch(/\[FORBIDDEN\]/);
      const noExec = await platform.client(NO_EXEC);
      try {
        const refused = await call('exec_in_guest', { guest: 100, command: ['uname'] }, noExec);
        expect(textOf(refused)).toMatch(
          /token:no-exec may not run "uname" in guests: the token has no exec allow-list/,
        );
      } finally {
        await noExec.close();
      }
    });
  });

  describe('storage', () => {
    it('should move a disk to another storage, keeping the source unless asked', async () => {
      const moved = await completed('move_disk', { guest: 116, disk: 'scsi0', storage: 'nas' });
      expect(moved).toMatchObject({ operation: 'move-disk', storage: 'nas', keptAs: 'unused0' });
      expect(platform.simulator.state.guest(116)?.config.scsi0).toMatch(/^nas:116\/vm-116-disk-0\.raw,/);
      const back = await approved('move_disk', {
        guest: 116,
        disk: 'scsi0',
        storage: 'local-lvm',
        deleteSource: true,
      });
      expect(back.result).toMatchObject({ storage: 'local-lvm' });
      expect(back.result?.keptAs).toBeUndefined();
    });

    it('should download an ISO image from an allowed URL and delete it after approval', async () => {
      const downloaded = await completed('download_to_storage', {
        node: 'pve1',
        storage: 'local',
        url: NETINST,
        content: 'iso',
      });
      expect(downloaded).toMatchObject({
        operation: 'download',
        volume: 'local:iso/debian-13.1.0-amd64-netinst.iso',
        sizeBytes: 754 * 1024 ** 2,
      });
      const deleted = await approved('delete_volume', { node: 'pve1', volume: downloaded.volume });
      expect(deleted).toMatchObject({ status: 'completed', result: { operation: 'volume-delete' } });
      expect(platform.simulator.state.volume('pve1', downloaded.volume as string)).toBeUndefined();
    });

    it('should refuse a URL that is not http or https at the edge', async () => {
      const refused = await call('download_to_storage', {
        node: 'pve1',
        storage: 'local',
        url: 'ftp://cdimage.debian.org/x.iso',
        content: 'iso',
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/url: expected an http or https URL/);
    });

    it.each([
      ['http://127.0.0.1:8080/x.iso', /127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/],
      ['http://localhost/x.iso', /localhost resolves to .*, a loopback address/],
      ['http://169.254.169.254/latest/meta-data', /a link-local address/],
      ['http://10.0.0.5/x.iso', /a private address/],
      ['http://[::ffff:192.168.1.10]/x.iso', /a private address/],
      ['http://[fd00::1]/x.iso', /a unique-local address/],
      ['https://user:secret@cdimage.debian.org/x.iso', /a URL with credentials is refused/],
    ])('should refuse to have a node fetch %s', async (url, why) => {
      const refused = await call('download_to_storage', {
        node: 'pve1',
        storage: 'local',
        url,
        content: 'iso',
      });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(why);
      expect(textOf(refused)).toContain('[FORBIDDEN]');
    });

    it('should refuse a file over the size bound before the node fetches it', async () => {
      const refused = await call('download_to_storage', {
        node: 'pve1',
        storage: 'local',
        url: DVD,
        content: 'iso',
      });
      expect(operationOf(refused).status).toBe('failed');
      expect(textOf(refused)).toMatch(
        new RegExp(`is ${3_994 * 1024 ** 2} bytes, more than the ${1024 ** 3} allowed`),
      );
      expect(
        platform.simulator.state.tasks().some((task) => task.type === 'download' && task.id.includes('DVD')),
      ).toBe(false);
    });

    it('should refuse to delete a disk its guest still uses', async () => {
      const refused = await approved('delete_volume', { node: 'pve1', volume: 'local-lvm:vm-100-disk-0' });
      expect(refused).toMatchObject({ status: 'failed', error: { code: 'CONFLICT' } });
      expect(refused.error?.message).toMatch(/is a disk of guest 100 \(scsi0\); detach it first/);
      expect(
        (await call('get_volume', { node: 'pve1', volume: 'local-lvm:vm-100-disk-0' })).isError,
      ).toBeFalsy();
    });
  });

  describe('firewall and HA', () => {
    it('should add a guest firewall rule and remove it after approval', async () => {
      const added = await completed('add_firewall_rule', {
        guest: 101,
        direction: 'in',
        action: 'ACCEPT',
        proto: 'tcp',
        dport: '8443',
        comment: 'admin UI',
      });
      expect(added).toMatchObject({
        action: 'add',
        rule: { type: 'in', dport: '8443', comment: 'admin UI' },
      });
      const listed = await structured<{ rules: Array<{ pos: number; dport?: string }>; digest: string }>(
        'get_firewall',
        { scope: 'guest', guest: 101 },
      );
      expect(listed.rules[0]).toMatchObject({ pos: 0, dport: '8443' });
      const removed = await approved('remove_firewall_rule', { guest: 101, pos: 0, digest: listed.digest });
      expect(removed).toMatchObject({ status: 'completed', result: { action: 'remove' } });
      expect(platform.simulator.state.firewall.guest(101).rules.some((rule) => rule.dport === '8443')).toBe(
        false,
      );
    });

    it("should refuse a removal against a stale digest with Proxmox's words", async () => {
      const stale = await approved('remove_firewall_rule', { guest: 100, pos: 0, digest: '0'.repeat(40) });
      expect(stale.status).toBe('failed');
      expect(stale.error?.message).toMatch(/detected modified configuration - file changed by other user\?/);
    });

    it('should put a guest under HA and take it out after approval', async () => {
      const added = await completed('add_ha_resource', { guest: 100, maxRestart: 2 });
      expect(added).toMatchObject({ operation: 'ha', action: 'add', sid: 'vm:100' });
      expect(platform.simulator.state.ha.resource('vm:100')).toMatchObject({ options: { max_restart: '2' } });
      const again = await call('add_ha_resource', { guest: 100 });
      expect(textOf(again)).toMatch(/resource ID 'vm:100' already defined/);
      const removed = await approved('remove_ha_resource', { guest: 100 });
      expect(removed).toMatchObject({ status: 'completed', result: { action: 'remove', sid: 'vm:100' } });
      expect(platform.simulator.state.ha.resource('vm:100')).toBeUndefined();
    });
  });

  describe('power and tasks', () => {
    it('should suspend and resume a VM', async () => {
      await completed('power_guest', { guest: 103, action: 'suspend' });
      expect(platform.simulator.state.guest(103)).toMatchObject({ status: 'running', paused: true });
      const resumed = await completed('power_guest', { guest: 103, action: 'resume' });
      expect(resumed).toMatchObject({ action: 'resume', status: 'running' });
      expect(platform.simulator.state.guest(103)?.paused).toBeFalsy();
      const container = await call('power_guest', { guest: 200, action: 'suspend' });
      expect(operationOf(container).status).toBe('failed');
    });

    it('should stop a running backup task after approval', async () => {
      // A backup an operator started outside the platform, straight through the API.
      const response = await fetch(`${platform.simulator.url}/api2/json/nodes/pve2/vzdump`, {
        method: 'POST',
        headers: {
          authorization: `PVEAPIToken=${DEFAULT_SIM_TOKEN.tokenId}=${DEFAULT_SIM_TOKEN.secret}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'vmid=116&storage=local',
      });
      const upid = ((await response.json()) as { data: string }).data;
      expect(platform.simulator.state.task(upid)?.status).toBe('running');
      const stopped = await approved('stop_task', { upid });
      expect(stopped).toMatchObject({ status: 'completed', result: { operation: 'task-stop', upid } });
      expect(stopped.result?.exitStatus).toMatch(/interrupt/);
      expect(platform.simulator.state.task(upid)?.status).toBe('stopped');
      expect(platform.simulator.state.guest(116)?.config.lock).toBeUndefined();
    });
  });
});

/** A cluster without HA and with the firewall off: tools say so instead of failing. */
describe('cluster tools without HA or firewall', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      simulator: { without: ['ha', 'firewall'] },
      edgeEnv: { MCP_APPROVAL_POLICY: '{"*": []}' },
    });
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;

  it('should answer get_ha_status with NOT_CONFIGURED', async () => {
    const reply = await call('get_ha_status', {});
    expect(reply.isError).toBe(true);
    expect(textOf(reply)).toMatch(/HA is not configured on cluster "homelab".*\[NOT_CONFIGURED\]/s);
  });

  it('should say the cluster firewall is off, and refuse a rule that would not apply', async () => {
    const firewall = await call('get_firewall', { scope: 'cluster' });
    expect(firewall.structuredContent).toMatchObject({ clusterEnabled: false });
    expect(textOf(firewall)).toContain('the cluster firewall is OFF');
    const refused = await call('add_firewall_rule', {
      guest: 100,
      direction: 'in',
      action: 'ACCEPT',
      macro: 'SSH',
    });
    expect(operationOf(refused)).toMatchObject({ status: 'failed', error: { code: 'NOT_CONFIGURED' } });
    expect(textOf(refused)).toMatch(/the firewall is off on cluster "homelab"/);
  });
});
