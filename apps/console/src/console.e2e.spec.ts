import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
import {
  pollUntil,
  repoRoot,
  runConsole,
  startPlatform,
  startTestInfrastructure,
  type RunningPlatform,
  type TestInfrastructure,
  type ToolRun,
} from '@proxmox-mpc/testing';
import { describeWithTool } from '@proxmox-mpc/testing/needs';
import { Tmux, TmuxTerminal } from './__tests__/tmux-terminal';

// Secrets planted in the platform, each of which must stay out of every report bundle.
const AGENT_TOKEN = 'pPlantedAgentBearerToken-0a1b2c3d';
const ADMIN_TOKEN = 'pPlantedAdminBearerToken-4e5f6a7b';
const SECRETS_KEY = 'pPlantedSecretsKey-of-the-agent-0123456789abcdef';
// root@pam's own rights (no privilege separation): the inventory sees every guest.
const INIT_TOKEN = {
  tokenId: 'root@pam!console',
  secret: 'pPlantedInitClusterSecret-8c9d0e1f',
  privsep: false,
};
const CLOUD_INIT_PASSWORD = 'pPlantedCloudInitPassword-2a3b';

interface Json {
  [key: string]: unknown;
}

/**
 * The console against a running platform: the six services as processes (as `npm start`
 * runs them) with the simulator, and the built console, one-shot (every command with
 * --json, exit codes) and as a REPL in a real pseudo-terminal (tmux).
 */
describe('proxmox-mpc', () => {
  let infrastructure: TestInfrastructure;
  let platform: RunningPlatform;
  let secondCluster: PveSimulator;
  let folder: string;

  const env = (): Record<string, string> => ({
    NATS_URL: infrastructure.natsUrl,
    MPC_OPERATOR: 'alice',
    MPC_CONSOLE_HISTORY: join(folder, 'history'),
    NO_COLOR: '1',
  });
  const mpc = (...args: string[]): Promise<ToolRun> => runConsole(args, env());
  const json = async (...args: string[]): Promise<{ run: ToolRun; body: Json }> => {
    const run = await mpc(...args, '--json');
    return { run, body: JSON.parse(run.stdout || 'null') as Json };
  };
  const correlationIdOf = (run: ToolRun) =>
    /correlation id (console-[0-9a-f-]+)/.exec(run.stderr)?.[1] as string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mpc-console-spec-'));
    infrastructure = await startTestInfrastructure();
    platform = await startPlatform({
      natsUrl: infrastructure.natsUrl,
      databaseUrl: infrastructure.databaseUrl,
      ports: 'free',
      mcpToken: AGENT_TOKEN,
      adminToken: ADMIN_TOKEN,
      simulator: { taskDurationMs: 50, guestAgentDelayMs: 0 },
      env: { LOG_LEVEL: 'info', IAC_WORKSPACE_ROOT: join(folder, 'workspaces'), BUS_RETRY_DELAY_MS: '50' },
      agentEnv: { PVE_SECRETS_KEY: SECRETS_KEY },
    });
    secondCluster = new PveSimulator({ scenario: 'homelab', tokens: [INIT_TOKEN], taskDurationMs: 50 });
    await secondCluster.start(0, '127.0.0.1');
    // The platform answers once the agent has synced (status reads the inventory).
    await pollUntil(
      () => mpc('status'),
      (run) => run.code === 0,
      60_000,
    );
  });

  afterAll(async () => {
    await secondCluster?.stop();
    await platform?.stop();
    await infrastructure?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  describe('one-shot, --json', () => {
    it('should list every command with an example', async () => {
      const { run, body } = await json('help');
      expect(run.code).toBe(0);
      const names = (body as unknown as Array<{ command: string; example: string }>).map(
        (each) => each.command,
      );
      for (const command of ['init', 'status', 'sync', 'guests', 'guest', 'plan', 'test', 'apply', 'drift']) {
        expect(names).toContain(command);
      }
      for (const command of ['approvals', 'health', 'logs', 'trace', 'report-issue', 'tokens']) {
        expect(names).toContain(command);
      }
    });

    it('should show the platform at a glance and its health, exit 0 when healthy', async () => {
      const status = await json('status');
      expect(status.run.code).toBe(0);
      expect(status.body).toMatchObject({
        clusters: [{ name: 'default', source: 'configuration', guests: { total: expect.any(Number) } }],
        approvalsPending: 0,
        health: { ok: true },
      });
      const health = await json('health');
      expect(health.run.code).toBe(0);
      expect(health.body).toMatchObject({ ok: true, nats: { ok: true } });
      const services = health.body.services as Array<{ service: string; ok: boolean; replicas: Json[] }>;
      expect(services.map((service) => [service.service, service.ok]).sort()).toEqual(
        ['audit', 'iac-generator', 'mcp-edge', 'proxmox-agent', 'rag', 'test-runner'].map((name) => [
          name,
          true,
        ]),
      );
      const agent = services.find((service) => service.service === 'proxmox-agent');
      expect(agent?.replicas[0]).toMatchObject({
        checks: { 'proxmox:default': { ok: true }, postgres: { ok: true } },
      });
    });

    it('should sync with progress, and list and show guests', async () => {
      const sync = await json('sync', '--full');
      expect(sync.run.code).toBe(0);
      expect(sync.body).toMatchObject({ passes: [{ target: 'default', mode: 'full' }] });
      expect(sync.run.stderr).toMatch(/sync default 100% \(\d+\/\d+\) recording/);

      const running = await json('guests', '--status', 'running', '--type', 'qemu');
      const guests = running.body.guests as Array<{ status: string; type: string; name: string }>;
      expect(guests.length).toBeGreaterThan(0);
      expect(guests.every((guest) => guest.status === 'running' && guest.type === 'qemu')).toBe(true);

      const guest = await json('guest', 'web-01');
      expect(guest.run.code).toBe(0);
      expect(guest.body).toMatchObject({
        guest: { name: 'web-01', vmid: 100 },
        config: expect.objectContaining({ name: 'web-01' }),
        live: { status: 'running', ipAddresses: expect.any(Array) },
        tasks: expect.any(Array),
      });
    });

    it('should refuse bad input with the candidates, sending nothing', async () => {
      expect(await mpc('snyc')).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('unknown command /snyc; did you mean /sync?'),
      });
      expect(await mpc('guests', '--limt', '3')).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('unknown flag --limt for /guests; did you mean --limit?'),
      });
      expect(await mpc('guest', 'web-1')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('no guest "web-1"; did you mean web-01, web-02, web-03?'),
      });
      expect(await mpc('sync', '--target', 'homelb')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('no cluster "homelb" (managed: default)'),
      });
      const wrong = await json('guest', 'web-1');
      expect(wrong.body).toEqual({
        error: { kind: 'failed', message: expect.stringContaining('did you mean web-01') },
      });
    });

    it('should connect a cluster after checking it, keep its secret sealed, and create its workspace', async () => {
      const secretFile = join(folder, 'init-secret');
      writeFileSync(secretFile, INIT_TOKEN.secret, { mode: 0o600 });
      const init = (...extra: string[]) =>
        json('init', '--name', 'lab', '--url', secondCluster.url, '--token-id', INIT_TOKEN.tokenId, ...extra);

      const wrongSecret = join(folder, 'wrong-secret');
      writeFileSync(wrongSecret, 'not-the-secret', { mode: 0o600 });
      const refused = await init('--token-secret-file', wrongSecret);
      expect(refused.run.code).toBe(1);
      expect(refused.run.stderr).toMatch(
        /not connected: .* did not pass the check with token root@pam!console/,
      );
      expect((await json('status')).body.clusters).toHaveLength(1);

      const connected = await init('--token-secret-file', secretFile);
      // Succeeded, or the diff shows what the console said.
      expect(connected.run.code === 0 ? '' : `${connected.run.stderr}${connected.run.stdout}`).toBe('');
      expect(connected.body).toMatchObject({
        cluster: { name: 'lab', nodes: ['pve1', 'pve2', 'pve3'], customCa: false },
        workspace: { workspace: 'lab', target: 'lab' },
        imported: { workspace: 'lab', guests: secondCluster.state.guests().length },
      });
      expect(connected.run.stdout + connected.run.stderr).not.toContain(INIT_TOKEN.secret);

      const again = await init('--token-secret-file', secretFile);
      expect(again.run).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('a cluster named "lab" is connected already'),
      });
      const clusters = (await json('status')).body.clusters as Array<{ name: string; source: string }>;
      expect(clusters.map((cluster) => [cluster.name, cluster.source])).toEqual([
        ['default', 'configuration'],
        ['lab', 'console'],
      ]);
      const workspaces = await json('workspaces');
      expect(workspaces.body).toMatchObject({ workspaces: [{ name: 'lab', target: 'lab' }] });
    });

    it('should plan, test, apply with a typed confirmation, and report drift', async () => {
      const drift = await json('drift', 'lab');
      expect({ code: drift.run.code, drift: drift.body }).toMatchObject({ code: 0, drift: { drifts: [] } });
      const plan = await json(
        'plan',
        'lab',
        '--name',
        'console-web',
        '--type',
        'qemu',
        '--node',
        'pve1',
        '--template',
        '9000',
        '--cores',
        '2',
      );
      expect(plan.run.code).toBe(0);
      expect(plan.body).toMatchObject({ workspace: 'lab', kind: 'plan', changed: true });

      const tested = await json('test', 'lab');
      expect(tested.run.code).toBe(0);
      expect(tested.body).toMatchObject({ status: 'passed', plan: { create: 1, update: 0, delete: 0 } });

      expect(await mpc('apply', 'lab')).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('pass --confirm lab to apply'),
      });
      expect(await mpc('apply', 'lab', '--confirm', 'homelab')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('not applied: "homelab" is not lab'),
      });
      expect(secondCluster.state.guests().some((guest) => guest.config.name === 'console-web')).toBe(false);

      const applied = await json('apply', 'lab', '--confirm', 'lab');
      if (applied.run.code) throw new Error(applied.run.stderr);
      expect(applied.body).toMatchObject({
        target: 'lab',
        done: [{ action: 'create', name: 'console-web' }],
      });
      expect(
        secondCluster.state.guests().filter((guest) => guest.config.name === 'console-web'),
      ).toHaveLength(1);
    });

    it('should follow one action: its trace, its logs and its audit rows', async () => {
      // A full pass logs at info (an incremental one that changes nothing, at debug).
      const sync = await mpc('sync', '--target', 'default', '--full');
      const correlationId = correlationIdOf(sync);
      expect(correlationId).toBeDefined();

      const trace = await json('trace', correlationId);
      expect(trace.run.code).toBe(0);
      const subjects = (trace.body.rows as Array<{ subject: string }>).map((row) => row.subject);
      expect(subjects[0]).toBe('cmd.proxmox.inventory.sync');
      expect(subjects).toContain('evt.proxmox.inventory.synced');

      const logs = await pollUntil(
        () => json('logs', '--correlation-id', correlationId, '--since', '5m'),
        ({ body }) => Array.isArray(body) && body.length > 0,
      );
      expect(logs.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ service: 'proxmox-agent', correlation_id: correlationId }),
        ]),
      );

      const exported = await mpc('audit-export', '--correlation-id', correlationId);
      expect(exported.code).toBe(0);
      expect(exported.stdout.trim().split('\n')).toHaveLength(subjects.length);
      expect(await mpc('trace', 'console-00000000-0000-4000-8000-000000000000')).toMatchObject({ code: 1 });
    });

    it('should follow new log records until Ctrl-C, then exit 0', async () => {
      const follower = spawn(
        process.execPath,
        [
          '-r',
          join(repoRoot(), 'tools/runtime/register-paths.cjs'),
          join(repoRoot(), 'dist/apps/console/src/main.js'),
          'logs',
          '--follow',
          '--service',
          'proxmox-agent',
          '--since',
          '1s',
          '--json',
        ],
        { env: { ...process.env, ...env() } },
      );
      let stdout = '';
      let stderr = '';
      follower.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      follower.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => follower.on('exit', (code) => resolve(code)));
      await pollUntil(
        async () => stderr,
        (text) => text.includes('-- following'),
        20_000,
      );

      const sync = await mpc('sync', '--target', 'default', '--full');
      const correlationId = correlationIdOf(sync);
      await pollUntil(
        async () => stdout,
        (text) => text.includes(correlationId),
        20_000,
      );
      follower.kill('SIGINT');

      expect(await exited).toBe(0);
      const records = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Json);
      expect(records).toContainEqual(
        expect.objectContaining({ service: 'proxmox-agent', correlation_id: correlationId }),
      );
    });

    it('should create, list and revoke an API token whose secret only the operator sees', async () => {
      const created = await json('tokens', 'create', 'console-bot', '--scopes', 'read', '--expires-in', '1d');
      expect(created.run.code).toBe(0);
      const secret = created.body.token as string;
      expect(secret).toMatch(/^mpc_/);
      const listed = await json('tokens');
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(listed.body).toMatchObject({ tokens: [{ name: 'console-bot', createdBy: 'operator:alice' }] });
      const mcp = await mcpClient(platform.mcpUrl, secret);
      expect((await mcp.listTools()).tools.map((tool) => tool.name)).toContain('list_guests');
      await mcp.close();
      expect((await json('tokens', 'revoke', 'console-bot')).run.code).toBe(0);
    });
  });

  describe('approvals', () => {
    let agent: Client;

    beforeAll(async () => {
      agent = await mcpClient(platform.mcpUrl, AGENT_TOKEN);
    });

    afterAll(async () => {
      await agent?.close();
    });

    const destroyTasks = (vmid: number) =>
      platform.simulator?.state
        .tasks()
        .filter((task) => task.type === 'qmdestroy' && task.id === String(vmid)).length;
    const heldDelete = async (guest: string): Promise<string> => {
      const result = (await agent.callTool({
        name: 'delete_guest',
        arguments: { guest, target: 'default' },
      })) as {
        structuredContent?: { status?: string; operationId?: string };
      };
      expect(result.structuredContent?.status).toBe('awaiting-approval');
      return result.structuredContent?.operationId as string;
    };

    it("should let an agent's pending delete_guest run exactly once when approved", async () => {
      const id = await heldDelete('dev-sandbox');
      const listed = await json('approvals');
      expect(listed.body).toMatchObject({
        approvals: [{ approvalId: id, tool: 'delete_guest', requestedBy: 'token:default' }],
      });
      const shown = await mpc('approvals', 'show', id);
      expect(shown.stdout).toMatch(
        /^command +\{"subject":"cmd\.proxmox\.guest\.delete","data":\{.*"vmid":\d+/m,
      );

      const approved = await json('approvals', 'approve', id);
      expect(approved.run.code).toBe(0);
      expect(approved.body).toMatchObject({
        approvalId: id,
        status: 'approved',
        decidedBy: 'operator:alice',
      });
      await pollUntil(
        async () => platform.simulator?.state.guest(116),
        (guest) => guest === undefined,
        20_000,
      );
      expect(platform.simulator?.state.guest(116)).toBeUndefined();

      const twice = await mpc('approve', id);
      expect(twice.code).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(destroyTasks(116)).toBe(1);
    });

    it('should never run a denied one', async () => {
      const id = await heldDelete('win11-desktop');

      expect(await mpc('deny', id)).toMatchObject({ code: 2, stderr: expect.stringContaining('--reason') });
      const denied = await json('approvals', 'deny', id, '--reason', 'keep it');
      expect(denied.run.code).toBe(0);
      expect(denied.body).toMatchObject({ approvalId: id, status: 'denied' });
      expect((await mpc('approve', id)).code).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(platform.simulator?.state.guest(107)).toBeDefined();
      expect(destroyTasks(107)).toBe(0);
    });
  });

  describe('report-issue', () => {
    it('should write a bundle that holds no secret the platform was given or saw', async () => {
      // A failed clone carrying a cloud-init password: it reaches the agent, the audit log and the logs.
      platform.simulator?.faults.configure({
        taskFailures: [{ type: 'qmclone', count: 1, exitstatus: 'clone failed: planted' }],
      });
      const agent = await mcpClient(platform.mcpUrl, AGENT_TOKEN);
      await agent.callTool({
        name: 'clone_guest',
        arguments: {
          target: 'default',
          guest: 'debian-12-template',
          name: 'leaky',
          cloudInit: { user: 'ops', password: CLOUD_INIT_PASSWORD },
        },
      });
      await agent.close();
      platform.simulator?.faults.reset();
      const out = join(folder, 'report.json');

      const report = await json('report-issue', '--out', out);

      expect(report.run.code).toBe(0);
      expect(report.body).toMatchObject({ path: out, healthy: true });
      const bundle = readFileSync(out, 'utf8');
      expect(JSON.parse(bundle)).toMatchObject({
        versions: { 'proxmox-agent': ['0.1.0'] },
        failedOperations: {
          audit: expect.arrayContaining([
            expect.objectContaining({ subject: 'evt.proxmox.operation.failed' }),
          ]),
        },
      });
      expect(bundle).toContain('clone failed: planted');
      const planted = {
        agentBearerToken: AGENT_TOKEN,
        adminBearerToken: ADMIN_TOKEN,
        proxmoxTokenSecret: DEFAULT_SIM_TOKEN.secret,
        connectedClusterSecret: INIT_TOKEN.secret,
        secretsKey: SECRETS_KEY,
        cloudInitPassword: CLOUD_INIT_PASSWORD,
        databasePassword: decodeURIComponent(new URL(infrastructure.databaseUrl).password),
      };
      expect(Object.values(planted).every((secret) => secret.length >= 8)).toBe(true);
      for (const [what, secret] of Object.entries(planted))
        expect({ what, leaked: bundle.includes(secret) }).toEqual({ what, leaked: false });
    });
  });

  describeWithTool(Tmux, 'the REPL in a terminal (tmux)', () => {
    const repl = (name: string, rows = 24) =>
      TmuxTerminal.start(
        name,
        [
          process.execPath,
          '-r',
          join(repoRoot(), 'tools/runtime/register-paths.cjs'),
          join(repoRoot(), 'dist/apps/console/src/main.js'),
        ],
        env(),
        { columns: 120, rows },
      );

    it('should complete a guest name from live data', async () => {
      const terminal = repl('completion');
      try {
        await terminal.waitFor(/^mpc>\s*$/m);
        terminal.type('/guest win');
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        terminal.send('Tab');
        expect(await terminal.waitFor(/mpc> \/guest win11-desktop/)).toMatch(/mpc> \/guest win11-desktop/);
        terminal.send('C-u');
        terminal.type('/guest web-0');
        terminal.send('Tab');
        await new Promise((resolve) => setTimeout(resolve, 500));
        terminal.send('Tab');
        expect(await terminal.waitFor(/web-01\s+web-02\s+web-03/)).toMatch(/web-01\s+web-02\s+web-03/);
        terminal.send('C-u');
        terminal.type('/approvals den');
        terminal.send('Tab');
        expect(await terminal.waitFor(/\/approvals deny/)).toMatch(/\/approvals deny/);
      } finally {
        terminal.stop();
      }
    });

    it('should ask for a token secret without showing it, and keep it out of the history', async () => {
      const typed = 'pTypedSecretNeverShown-5d6e';
      const terminal = repl('secret');
      try {
        await terminal.waitFor(/^mpc>\s*$/m);
        terminal.type(`/init --name lab2 --url ${secondCluster.url} --token-id ${INIT_TOKEN.tokenId}`);
        terminal.send('Enter');
        await terminal.waitFor(/token secret \(not shown\):/);
        terminal.type(typed);
        terminal.send('Enter');
        const screen = await terminal.waitFor(/not connected: .*did not pass the check/);
        expect(screen).not.toContain(typed);
        expect(readFileSync(join(folder, 'history'), 'utf8')).not.toContain(typed);
      } finally {
        terminal.stop();
      }
    });

    it('should keep its history across restarts', async () => {
      const first = repl('history-1');
      try {
        await first.waitFor(/^mpc>\s*$/m);
        first.type('/workspaces');
        first.send('Enter');
        await first.waitFor(/WORKSPACE|no workspaces yet/);
        first.send('C-d');
      } finally {
        first.stop();
      }
      const second = repl('history-2');
      try {
        await second.waitFor(/^mpc>\s*$/m);
        second.send('Up');
        expect(await second.waitFor(/mpc> \/workspaces/)).toMatch(/mpc> \/workspaces/);
      } finally {
        second.stop();
      }
    });

    it('should stop a long /sync on Ctrl-C and stay open', async () => {
      platform.simulator?.faults.configure({ latencyMs: 1_000, pathPattern: '/config$' });
      const terminal = repl('interrupt');
      try {
        await terminal.waitFor(/^mpc>\s*$/m);
        terminal.type('/sync --target default --full');
        terminal.send('Enter');
        expect(await terminal.waitFor(/sync default .*reading configs/)).toMatch(/\d+%/);
        terminal.send('C-c');
        expect(await terminal.waitFor(/cancelled; anything already sent/)).toMatch(/cancelled/);
        terminal.type('/health');
        terminal.send('Enter');
        expect(await terminal.waitFor(/platform ok/, 20_000)).toMatch(/proxmox-agent/);
      } finally {
        terminal.stop();
        platform.simulator?.faults.reset();
      }
    });

    it('should page a long list', async () => {
      const terminal = repl('paging', 15);
      /** The pager is waiting when its prompt is the screen's last line. */
      const pagerWaiting = (screen: string) =>
        /more lines: Enter/.test(screen.trim().split('\n').at(-1) ?? '');
      try {
        await terminal.waitFor(/^mpc>\s*$/m);
        terminal.type('/guests --target default');
        terminal.send('Enter');
        const first = await terminal.waitFor(/-- \d+ more lines: Enter for the next page, q to stop --/);
        expect(first).toContain('web-01');
        expect(first).not.toMatch(/\d+ guests$/m);
        // Enter for each next page, until the end of the list.
        const last = await pollUntil(
          async () => {
            const screen = terminal.screen();
            if (pagerWaiting(screen)) terminal.send('Enter');
            return screen;
          },
          (screen) => /^\d+ guests$/m.test(screen),
          15_000,
          300,
        );
        expect(last).toMatch(/ubuntu-24-04-template/);
        terminal.type('/guests --target default');
        terminal.send('Enter');
        // The last list's page prompts may still be on screen: wait for this list's own.
        await pollUntil(async () => terminal.screen(), pagerWaiting, 15_000, 100);
        terminal.type('q');
        terminal.send('Enter');
        expect(await terminal.waitFor(/^mpc>\s*$/m)).toMatch(/^mpc>\s*$/m);
      } finally {
        terminal.stop();
      }
    });
  });
});

async function mcpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'console-spec', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}
