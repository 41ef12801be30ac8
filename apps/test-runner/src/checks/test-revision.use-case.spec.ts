import type { InventoryGuest, Origin } from '@proxmox-mpc/contracts';
import {
  DEFAULT_POLICY_FILE,
  InMemoryInventoryReader,
  terraformImport,
  type CheckResult,
  type GeneratedFile,
} from '@proxmox-mpc/iac';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { InMemoryWorkspaceRevisions } from './in-memory-workspace-revisions';
import { PlaybookSyntaxCheck } from './playbook-syntax-check';
import { TestRevisionUseCase, type TestRevision } from './test-revision.use-case';

const origin: Origin = { correlationId: 'test-spec', actor: { kind: 'ci', id: 'pipeline' } };

/** Answers what it is told to, as Ansible would have. */
class FixedPlaybookCheck extends PlaybookSyntaxCheck {
  result: CheckResult = {
    name: 'ansible-syntax',
    status: 'passed',
    summary: '3 playbooks pass',
    findings: [],
  };

  generated: readonly string[] | undefined;

  async check(_files: readonly GeneratedFile[], generated?: readonly string[]): Promise<CheckResult> {
    this.generated = generated;
    return this.result;
  }
}

describe(TestRevisionUseCase.name, () => {
  let revisions: InMemoryWorkspaceRevisions;
  let inventory: InMemoryInventoryReader;
  let playbooks: FixedPlaybookCheck;
  let imported: string;
  let sut: TestRevisionUseCase;

  const vm = () =>
    inventory.guests.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest;
  const nodeFile = () => `terraform/node-${vm().node}.tf`;
  /** Commits the files over HEAD, as a person or a pipeline would. */
  const commit = (files: GeneratedFile[]): string => revisions.commit('lab', files);
  const edit = (path: string, from: string | RegExp, to: string): GeneratedFile => {
    const file = terraformImport(inventory.guests).files.find(
      (entry) => entry.path === path,
    ) as GeneratedFile;
    return { path, content: file.content.replace(from, to) };
  };
  const test = (request: Partial<TestRevision> = {}) =>
    sut.execute({ workspace: 'lab', revision: imported, trigger: 'ci', origin, ...request });
  const statusOf = (checks: CheckResult[]) =>
    Object.fromEntries(checks.map((check) => [check.name, check.status]));

  beforeEach(() => {
    inventory = new InMemoryInventoryReader(
      'homelab',
      inventoryOf(new PveSimulator({ scenario: 'homelab' })),
    );
    revisions = new InMemoryWorkspaceRevisions();
    imported = commit([
      { path: 'mpc-workspace.json', content: JSON.stringify({ name: 'lab', target: 'homelab' }) },
      { path: 'policy.yml', content: DEFAULT_POLICY_FILE },
      ...terraformImport(inventory.guests).files,
    ]);
    playbooks = new FixedPlaybookCheck();
    sut = new TestRevisionUseCase(revisions, inventory, playbooks);
  });

  it('should pass a revision that passes every check, with a plan that changes nothing', async () => {
    const verdict = await test();

    expect(verdict).toMatchObject({
      workspace: 'lab',
      revision: imported,
      trigger: 'ci',
      status: 'passed',
      plan: { create: 0, update: 0, delete: 0 },
    });
    expect(statusOf(verdict.checks)).toEqual({
      'hcl-parse': 'passed',
      'provider-schema': 'passed',
      plan: 'passed',
      policy: 'passed',
      'ansible-syntax': 'passed',
    });
  });

  it('should judge the commit HEAD names when asked for HEAD', async () => {
    expect((await test({ revision: 'HEAD', trigger: 'command' })).revision).toBe(imported);
  });

  it('should plan against the live inventory: a guest gone is created, one added destroyed', async () => {
    const gone = vm();
    inventory.guests = inventory.guests.filter((guest) => guest !== gone);
    inventory.guests.push({ ...gone, vmid: 900, name: 'made-by-hand' });

    expect((await test()).plan).toEqual({ create: 1, update: 0, delete: 1 });
  });

  it('should fail a file that does not parse, naming it, and not plan', async () => {
    const revision = commit([edit(nodeFile(), /\}\n$/, '')]);

    const verdict = await test({ revision });

    expect(verdict.status).toBe('failed');
    expect(verdict.checks.find((check) => check.name === 'hcl-parse')).toMatchObject({
      status: 'failed',
      findings: [{ location: nodeFile() }],
    });
    expect(statusOf(verdict.checks).plan).toBe('skipped');
  });

  it('should parse a file laid out by hand with HashiCorp parser, and plan from it', async () => {
    const revision = commit([edit(nodeFile(), /^/, '// formatted by hand\n')]);
    const verdict = await test({ revision });
    expect(verdict).toMatchObject({ status: 'passed', plan: { create: 0, update: 0, delete: 0 } });
  });

  it('should fail an argument the provider schema does not have, naming its line', async () => {
    const revision = commit([edit(nodeFile(), 'node_name', 'node_nam')]);

    const verdict = await test({ revision });

    expect(verdict.status).toBe('failed');
    expect(verdict.checks.find((check) => check.name === 'provider-schema')?.findings[0]).toEqual({
      location: expect.stringMatching(
        new RegExp(`^${nodeFile()}:\\d+ proxmox_virtual_environment_vm\\..*\\.node_nam$`),
      ),
      message: 'is not an argument or block of this resource',
    });
  });

  it('should fail a change that breaks the policy', async () => {
    const revision = commit([{ path: 'policy.yml', content: 'requiredTags: [owner]\n' }]);

    const verdict = await test({ revision });

    expect(verdict.status).toBe('failed');
    expect(verdict.checks.find((check) => check.name === 'policy')?.findings[0]?.message).toMatch(
      /^requiredTags: missing tag owner/,
    );
  });

  it('should fail a playbook that fails its syntax check', async () => {
    playbooks.result = {
      name: 'ansible-syntax',
      status: 'failed',
      summary: 'a playbook fails the syntax check',
      findings: [{ location: 'ansible/playbooks/site.yml', message: "couldn't resolve module" }],
    };

    const verdict = await test();

    expect(verdict.status).toBe('failed');
    expect(verdict.checks.at(-1)).toEqual(playbooks.result);
  });

  it("should hand the playbook check the hashes of iac-generator's files, which pass as written", async () => {
    await test({ trigger: 'generated', generated: ['a'.repeat(64)] });
    expect(playbooks.generated).toEqual(['a'.repeat(64)]);
  });

  it('should pass, saying why, when the playbooks could not be checked here', async () => {
    playbooks.result = {
      name: 'ansible-syntax',
      status: 'skipped',
      summary: 'ansible-playbook is not installed (apt-get install ansible)',
      findings: [],
    };

    const verdict = await test();

    expect(verdict.status).toBe('passed');
    expect(verdict.checks.at(-1)).toEqual(playbooks.result);
  });

  it('should fail a revision the workspace does not have, naming it', async () => {
    expect(await test({ revision: 'no-such-branch' })).toEqual({
      workspace: 'lab',
      trigger: 'ci',
      status: 'failed',
      checks: [
        {
          name: 'hcl-parse',
          status: 'failed',
          summary: 'workspace "lab" has no revision no-such-branch',
          findings: [{ location: 'lab', message: 'no commit no-such-branch in the workspace repository' }],
        },
      ],
      plan: { create: 0, update: 0, delete: 0 },
    });
  });
});
