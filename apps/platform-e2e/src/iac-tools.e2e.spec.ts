import type { Client } from '@modelcontextprotocol/client';
import { InProcessPlatform, operationOf, textOf, type ToolResult } from './in-process-platform';

const READER_TOKEN = 'reader-token-for-iac-tool-tests';
const PVE1_TOKEN = 'pve1-only-token-for-iac-tool-tests';

/** The IaC tools through MCP: import, test and drift of the simulated cluster. */
describe('IaC tools', () => {
  let platform: InProcessPlatform;
  let client: Client;

  beforeAll(async () => {
    platform = await InProcessPlatform.start({
      iac: true,
      tokens: [
        { name: 'reader', token: READER_TOKEN, scopes: ['read'] },
        { name: 'pve1-only', token: PVE1_TOKEN, scopes: ['apply'], nodes: ['pve1'] },
      ],
    });
    client = await platform.client();
  });

  afterAll(async () => {
    await client?.close();
    await platform?.stop();
  });

  const call = async (name: string, args: Record<string, unknown>, caller = client) =>
    (await caller.callTool({ name, arguments: args })) as ToolResult;

  it('should import the cluster into a new workspace, and again without change', async () => {
    const first = await call('iac_import', { workspace: 'lab', ansibleCollection: 'community.general' });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent).toMatchObject({
      workspace: 'lab',
      kind: 'import',
      changed: true,
      guests: platform.simulator.state.guests().length,
    });
    expect(textOf(first)).toMatch(
      /^Imported \d+ guests of homelab into workspace lab at [0-9a-f]{12}: \d+ files/,
    );
    const again = await call('iac_import', { workspace: 'lab' });
    expect(again.structuredContent).toMatchObject({ changed: false });
    expect(textOf(again)).toContain('(nothing had changed)');
  });

  it('should test the workspace and report every check', async () => {
    const result = await call('iac_test', { workspace: 'lab' });
    expect(result.structuredContent).toMatchObject({
      workspace: 'lab',
      trigger: 'command',
      status: 'passed',
    });
    expect(textOf(result)).toMatch(/^PASSED: lab at [0-9a-f]{12}\npassed hcl-parse/);
  });

  it('should show drift after a change made outside', async () => {
    expect((await call('iac_drift', { workspace: 'lab' })).structuredContent).toMatchObject({ drifts: [] });
    const guest = platform.simulator.state
      .guests()
      .find((candidate) => candidate.type === 'lxc' && candidate.config['template'] !== '1');
    if (!guest) throw new Error('no container in the scenario');
    const cores = Number(guest.config['cores']);
    guest.config['cores'] = String(cores + 1);
    const report = await call('iac_drift', { workspace: 'lab' });
    expect(report.structuredContent).toMatchObject({
      drifts: [
        {
          vmid: guest.vmid,
          kind: 'changed',
          changes: [{ path: 'cpu[0].cores', before: cores + 1, after: cores }],
        },
      ],
    });
    expect(textOf(report)).toContain(`${guest.vmid} changed: cpu[0].cores ${cores + 1} (code: ${cores})`);
  });

  it('should plan requested guests as code and test the plan', async () => {
    const template = platform.simulator.state
      .guests()
      .find((guest) => guest.type === 'qemu' && guest.config['template'] === '1');
    const result = await call('iac_plan', {
      workspace: 'lab',
      create: [
        {
          name: 'web-new',
          count: 3,
          type: 'qemu',
          node: 'pve1',
          template: template?.vmid,
          cores: 2,
          memoryMb: 4096,
        },
      ],
    });
    expect(result.structuredContent).toMatchObject({
      generated: { kind: 'plan', guests: 3, files: [{ path: 'terraform/requested.tf' }] },
      test: { status: 'passed', plan: { create: 3, delete: 0 } },
    });
    expect(textOf(result)).toMatch(/3 to create, \d+ to update, 0 to destroy\. Tests passed\./);
    const file = await client.readResource({ uri: 'proxmox-mpc://workspaces/lab/terraform/requested.tf' });
    const text = (file.contents[0] as { text: string }).text;
    expect(text.match(/resource "proxmox_virtual_environment_vm"/g)).toHaveLength(3);
    expect(text).toContain('name      = "web-new-02"');
    expect(text).toContain(`vm_id = ${template?.vmid}`);
  });

  /** An operator approves the held apply; the agent then follows it to its end. */
  const approveAndFollow = async (held: ToolResult) => {
    const { operationId } = operationOf(held);
    expect(operationOf(held).status).toBe('awaiting-approval');
    expect((await platform.decide(operationId, 'approve')).status).toBe(200);
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const current = operationOf(await call('operation_status', { operationId }));
      if (current.status !== 'running') return current;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`apply ${operationId} did not end within 60 s`);
  };

  it('should apply the tested plan after an operator approves: the requested guests exist', async () => {
    const before = platform.simulator.state.guests().length;
    const held = await call('iac_apply', { workspace: 'lab' });
    expect(platform.simulator.state.guests()).toHaveLength(before);
    const applied = await approveAndFollow(held);
    expect(applied).toMatchObject({ status: 'completed' });
    const names = platform.simulator.state.guests().map((guest) => guest.config['name']);
    expect(names).toEqual(expect.arrayContaining(['web-new-01', 'web-new-02', 'web-new-03']));
    const created = platform.simulator.state.guests().find((guest) => guest.config['name'] === 'web-new-02');
    expect(created?.config).toMatchObject({ cores: '2', memory: '4096' });
    expect(created?.status).toBe('running');
    expect(
      (applied.result as { done: Array<{ action: string }> }).done.filter((step) => step.action === 'create'),
    ).toHaveLength(3);
  });

  it('should refuse names already taken, and fail a plan that breaks the policy', async () => {
    const taken = await call('iac_plan', {
      workspace: 'lab',
      create: [{ name: 'web-new-01', type: 'qemu', node: 'pve1', template: 9000 }],
    });
    expect(taken.isError).toBe(true);
    expect(textOf(taken)).toMatch(/already taken or asked twice: web-new-01 \[CONFLICT\]/);

    const huge = await call('iac_plan', {
      workspace: 'lab',
      create: [{ name: 'huge', type: 'qemu', node: 'pve1', template: 9000, cores: 128 }],
    });
    expect(huge.structuredContent).toMatchObject({ test: { status: 'failed', plan: { create: 1 } } });
    expect(textOf(huge)).toMatch(/limits: 128 cores, more than 64/);

    const guests = platform.simulator.state.guests().length;
    const refused = await approveAndFollow(await call('iac_apply', { workspace: 'lab' }));
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN' } });
    expect(refused.error?.message).toMatch(
      /fails its checks, nothing was applied: policy: limits: 128 cores, more than 64/,
    );
    expect(platform.simulator.state.guests()).toHaveLength(guests);
  });

  it('should serve the workspace files as resources', async () => {
    const { resources } = await client.listResources();
    const uri = 'proxmox-mpc://workspaces/lab/terraform/versions.tf';
    expect(resources.map((resource) => resource.uri)).toEqual(
      expect.arrayContaining([
        uri,
        'proxmox-mpc://workspaces/lab/ansible/inventory.yml',
        'proxmox-mpc://workspaces/lab/policy.yml',
      ]),
    );
    const read = await client.readResource({ uri });
    expect(read.contents[0]).toMatchObject({ uri, mimeType: 'text/plain' });
    expect((read.contents[0] as { text: string }).text).toContain('source  = "bpg/proxmox"');
    await expect(client.readResource({ uri: 'proxmox-mpc://workspaces/lab/nothing.tf' })).rejects.toThrow(
      /has no file nothing\.tf/,
    );
  });

  it('should say which workspace does not exist', async () => {
    const result = await call('iac_drift', { workspace: 'nowhere' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no workspace "nowhere".*\[NOT_FOUND\]/);
  });

  it('should keep import from a read-only token, and list it only for those who may call it', async () => {
    const reader = await platform.client(READER_TOKEN);
    try {
      const names = (await reader.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('iac_drift');
      expect(names).not.toContain('iac_import');
      // A tool above the token's scopes is unlisted, and calling it asks for the missing scope (step-up).
      await expect(call('iac_import', { workspace: 'lab' }, reader)).rejects.toThrow(
        /Insufficient scope: required "plan"/,
      );
    } finally {
      await reader.close();
    }
  });

  it('should not let a token limited to some nodes apply a whole workspace', async () => {
    const limited = await platform.client(PVE1_TOKEN);
    try {
      const refused = await call('iac_apply', { workspace: 'lab' }, limited);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/token:pve1-only is limited to some nodes or guests.*\[FORBIDDEN\]/);
    } finally {
      await limited.close();
    }
  });
});
