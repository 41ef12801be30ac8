import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin } from '@proxmox-mpc/contracts';
import { checkAgainstProviderSchema, parseHcl } from '@proxmox-mpc/iac';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  allowMissingOutsideCi,
  AnsiblePlaybook,
  EventRecorder,
  isInstalled,
  runTool,
} from '@proxmox-mpc/testing';
import { InProcessPlatform } from './in-process-platform';

type Generated = DataOf<typeof Subjects.iacGenerated>;
type TestCompleted = DataOf<typeof Subjects.testCompleted>;

const ansibleInstalled = isInstalled(AnsiblePlaybook);

/** Workspaces and the import of a live cluster, through the bus, into git. */
describe('IaC workspaces', () => {
  let platform: InProcessPlatform;
  let bus: MessageBus;
  let root: string;
  let events: EventRecorder;
  const origin: Origin = { correlationId: 'iac-workspace-spec', actor: { kind: 'operator', id: 'spec' } };

  beforeAll(async () => {
    platform = await InProcessPlatform.start({ iac: true });
    root = platform.iac?.workspaceRoot as string;
    bus = await MessageBus.connect(
      { service: 'iac-spec', natsUrl: platform.infrastructure.natsUrl },
      createLogger({ service: 'iac-spec', level: 'silent' }),
    );
    events = await EventRecorder.start(platform.infrastructure.natsUrl, 'evt.>');
  });

  afterAll(async () => {
    await events?.stop();
    await bus?.close();
    await platform?.stop();
  });

  // The default Ansible collection: community.general, which Debian's Ansible has, so the
  // syntax check really runs.
  const init = (workspace: string) =>
    bus.execute(Subjects.iacWorkspaceInit, { workspace }, origin, { timeoutMs: 30_000 });
  const importInto = (workspace: string) =>
    bus.execute(Subjects.iacImport, { workspace }, origin, { timeoutMs: 60_000 });
  const git = (workspace: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd: join(root, workspace),
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'ci',
        GIT_AUTHOR_EMAIL: 'ci@example.invalid',
        GIT_COMMITTER_NAME: 'ci',
        GIT_COMMITTER_EMAIL: 'ci@example.invalid',
      },
    }).trim();
  const testedAfter = (revision: string) =>
    events.waitFor(
      (message) =>
        message.subject === Subjects.testCompleted &&
        (message.envelope.data as TestCompleted).revision === revision,
      60_000,
    );
  const gitLog = (workspace: string) =>
    execFileSync('git', ['log', '--format=%H %s'], { cwd: join(root, workspace), encoding: 'utf8' })
      .trim()
      .split('\n');

  it('should create a git-versioned workspace naming its cluster', async () => {
    const outcome = await init('homelab');
    expect(outcome.subject).toBe(Subjects.iacWorkspaceInitialized);
    const data = outcome.envelope.data as DataOf<typeof Subjects.iacWorkspaceInitialized>;
    expect(data).toMatchObject({ workspace: 'homelab', target: 'homelab' });
    const settings = JSON.parse(readFileSync(join(root, 'homelab', 'mpc-workspace.json'), 'utf8'));
    expect(settings).toEqual({
      name: 'homelab',
      target: 'homelab',
      provider: { source: 'bpg/proxmox', version: '0.111.1' },
      ansible: { collection: 'community.general' },
    });
    expect(gitLog('homelab')).toEqual([`${data.revision} Create workspace homelab for cluster homelab`]);
  });

  it('should refuse a second workspace of the same name', async () => {
    const outcome = await init('homelab');
    expect(outcome.subject).toBe(Subjects.iacFailed);
    expect(outcome.envelope.data).toMatchObject({
      code: 'CONFLICT',
      message: 'workspace "homelab" already exists',
    });
  });

  it('should import every guest as Terraform and Ansible that parse and fit the provider schema', async () => {
    const outcome = await importInto('homelab');
    expect(outcome.subject).toBe(Subjects.iacGenerated);
    const data = outcome.envelope.data as Generated;
    expect(data).toMatchObject({ workspace: 'homelab', kind: 'import', changed: true });
    expect(data.guests).toBe(platform.simulator.state.guests().length);
    const paths = data.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['terraform/versions.tf', 'ansible/inventory.yml']));
    for (const file of data.files.filter((entry) => entry.path.endsWith('.tf'))) {
      const parsed = await parseHcl(file.path, readFileSync(join(root, 'homelab', file.path), 'utf8'));
      if (!parsed.ok) throw new Error(`${file.path}: ${parsed.error}`);
      expect(checkAgainstProviderSchema(parsed.json)).toEqual([]);
    }
    expect(gitLog('homelab')[0]).toBe(`${data.revision} Import ${data.guests} guests of cluster homelab`);
  });

  it('should re-import byte-identically: nothing to commit, same revision', async () => {
    const first = (await importInto('homelab')).envelope.data as Generated;
    const again = (await importInto('homelab')).envelope.data as Generated;
    expect(again.changed).toBe(false);
    expect(again.revision).toBe(first.revision);
    expect(again.files).toEqual(first.files);
  });

  it('should commit what changed in the cluster, and drop files of nodes that emptied', async () => {
    const before = (await importInto('homelab')).envelope.data as Generated;
    const guest = platform.simulator.state.guests().find((candidate) => candidate.type === 'qemu');
    if (!guest) throw new Error('no VM in the scenario');
    guest.config['description'] = 'changed outside ${var.x} "quoted"';
    const after = (await importInto('homelab')).envelope.data as Generated;
    expect(after.changed).toBe(true);
    expect(after.revision).not.toBe(before.revision);
    const changed = after.files.filter(
      (file) => before.files.find((old) => old.path === file.path)?.sha256 !== file.sha256,
    );
    expect(changed.map((file) => file.path)).toEqual([`terraform/node-${guest.node}.tf`]);
    expect(existsSync(join(root, 'homelab', '.mpc', 'generated.json'))).toBe(true);
  });

  it('should say so when the workspace does not exist', async () => {
    const outcome = await importInto('nowhere');
    expect(outcome.subject).toBe(Subjects.iacFailed);
    expect(outcome.envelope.data).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should refuse a workspace named outside the rules before anything runs', async () => {
    await expect(init('../escape')).rejects.toThrow(/workspace.*lower-case letters/);
    expect(existsSync(join(root, '..', 'escape'))).toBe(false);
  });

  it('should test every generation: parses, fits the schema, policy holds, plan changes nothing', async () => {
    const generated = (await importInto('homelab')).envelope.data as Generated;
    const tested = (await testedAfter(generated.revision)).envelope.data as TestCompleted;
    expect(tested).toMatchObject({ workspace: 'homelab', trigger: 'generated', status: 'passed' });
    expect(tested.plan).toEqual({ create: 0, update: 0, delete: 0 });
    // CI installs Debian's ansible; elsewhere the check says it was skipped and why.
    if (!ansibleInstalled) allowMissingOutsideCi(AnsiblePlaybook.command, AnsiblePlaybook.install);
    expect(Object.fromEntries(tested.checks.map((check) => [check.name, check.status]))).toMatchObject({
      'hcl-parse': 'passed',
      'provider-schema': 'passed',
      plan: 'passed',
      policy: 'passed',
      'ansible-syntax': ansibleInstalled ? 'passed' : 'skipped',
    });
  });

  it("should fail a proposed commit that breaks a file, under the pipeline's correlation id", async () => {
    const head = git('homelab', 'rev-parse', 'HEAD');
    const nodeFile = readFileSync(join(root, 'homelab', 'terraform', 'node-pve1.tf'), 'utf8');
    writeFileSync(join(root, 'homelab', 'terraform', 'node-pve1.tf'), nodeFile.replace(/\}\n$/, ''));
    git('homelab', 'commit', '--quiet', '--all', '--message', 'a broken change');
    const commit = git('homelab', 'rev-parse', 'HEAD');
    const ci: Origin = { correlationId: 'ci-run-42', actor: { kind: 'ci', id: 'github-actions' } };
    await bus.publish(
      Subjects.ciChangeProposed,
      { repo: 'example/homelab-iac', ref: 'refs/heads/change', commit, workspace: 'homelab' },
      ci,
    );
    const result = await testedAfter(commit);
    expect(result.envelope.correlationId).toBe('ci-run-42');
    const tested = result.envelope.data as TestCompleted;
    expect(tested).toMatchObject({ trigger: 'ci', status: 'failed' });
    expect(tested.checks.find((check) => check.name === 'hcl-parse')).toMatchObject({
      status: 'failed',
      findings: [{ location: 'terraform/node-pve1.tf' }],
    });
    git('homelab', 'reset', '--quiet', '--hard', head);
  });

  it('should fail a change that breaks the policy when asked to test it', async () => {
    const before = git('homelab', 'rev-parse', 'HEAD');
    writeFileSync(join(root, 'homelab', 'policy.yml'), 'requiredTags: [owner]\n');
    git('homelab', 'commit', '--quiet', '--all', '--message', 'require an owner tag');
    const outcome = await bus.execute(Subjects.testRun, { workspace: 'homelab' }, origin, {
      timeoutMs: 60_000,
    });
    const tested = outcome.envelope.data as TestCompleted;
    expect(tested).toMatchObject({
      trigger: 'command',
      status: 'failed',
      revision: git('homelab', 'rev-parse', 'HEAD'),
    });
    const policy = tested.checks.find((check) => check.name === 'policy');
    expect(policy?.findings[0]?.message).toMatch(/^requiredTags: missing tag owner/);
    git('homelab', 'reset', '--quiet', '--hard', before);
  });

  it('should report drift within one sync of a change made outside', async () => {
    await importInto('homelab');
    const guest = platform.simulator.state
      .guests()
      .find((candidate) => candidate.type === 'qemu' && candidate.config['template'] !== '1');
    if (!guest) throw new Error('no VM in the scenario');
    const memory = Number(guest.config['memory']);
    // The description edit of an earlier test drifted this guest too, before its import.
    const earlier = new Set(events.messages);
    guest.config['memory'] = String(memory * 2);
    await bus.query(Subjects.proxmoxGuestsList, { maxAgeMs: 0 }, origin);
    const drift = await events.waitFor(
      (message) =>
        !earlier.has(message) &&
        message.subject === Subjects.iacDriftDetected &&
        (message.envelope.data as { vmid: number }).vmid === guest.vmid,
      30_000,
    );
    expect(drift.envelope.data).toMatchObject({
      workspace: 'homelab',
      kind: 'changed',
      changes: [{ path: 'memory[0].dedicated', before: memory * 2, after: memory }],
    });
  });

  it('should let a pipeline wait for the verdict with npm run ci:publish, failing on a broken change', async () => {
    const publish = (commit: string) =>
      runTool(
        'ci/src/publish-change.js',
        ['--workspace', 'homelab', '--commit', commit, '--repo', 'example/homelab-iac', '--wait', '60'],
        { NATS_URL: platform.infrastructure.natsUrl },
      );
    const good = git('homelab', 'rev-parse', 'HEAD');
    const passed = await publish(good);
    expect(passed.stdout).toContain(`PASSED: workspace homelab at ${good}`);
    expect(passed.code).toBe(0);

    const nodeFile = join(root, 'homelab', 'terraform', 'node-pve2.tf');
    writeFileSync(nodeFile, readFileSync(nodeFile, 'utf8').replace('node_name', 'node_nam'));
    git('homelab', 'commit', '--quiet', '--all', '--message', 'a typo');
    const broken = git('homelab', 'rev-parse', 'HEAD');
    const failed = await publish(broken);
    expect(failed.stdout).toMatch(/FAILED: workspace homelab/);
    expect(failed.stdout).toMatch(
      /failed {2}provider-schema: .*\n.*node-pve2\.tf:\d+ .*node_nam: is not an argument/,
    );
    expect(failed.code).toBe(1);
    git('homelab', 'reset', '--quiet', '--hard', good);
  });
});
