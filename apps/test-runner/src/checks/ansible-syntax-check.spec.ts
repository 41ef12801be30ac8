import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ansibleFiles, type GeneratedFile } from '@proxmox-mpc/iac';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { allowMissingOutsideCi, AnsiblePlaybook, inventoryOf, isInstalled } from '@proxmox-mpc/testing';
import { AnsibleSyntaxCheck } from './ansible-syntax-check';

// Generated as iac-generator generates a workspace by default.
const files = ansibleFiles(inventoryOf(new PveSimulator({ scenario: 'homelab' })));
const playbooks = files.filter((file) => file.path.startsWith('ansible/playbooks/'));
// Ansible takes seconds to start, more on a busy machine.
const ANSIBLE_TIMEOUT_MS = 60_000;

/** The files with one replaced. */
function withPlaybook(path: string, content: string): GeneratedFile[] {
  return files.map((file) => (file.path === path ? { path, content } : file));
}
// As evt.iac.generated lists them.
const generated = files.map((file) => createHash('sha256').update(file.content).digest('hex'));
const UNLOADABLE = '- hosts: localhost\n  tasks:\n    - ansible.builtin.no_such_module: {}\n';

describe(AnsibleSyntaxCheck.name, () => {
  const sut = new AnsibleSyntaxCheck();

  it('should say it skipped, and why, where ansible-playbook is not installed', async () => {
    const saved = process.env.PATH;
    const empty = mkdtempSync(join(tmpdir(), 'mpc-no-ansible-'));
    // The check looks ansible-playbook up on the PATH of the environment it passes on.
    process.env.PATH = empty;
    try {
      expect(await sut.check(files)).toEqual({
        name: 'ansible-syntax',
        status: 'skipped',
        summary: 'ansible-playbook is not installed (apt-get install ansible)',
        findings: [],
      });
    } finally {
      process.env.PATH = saved;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  describe('with Ansible', () => {
    if (!isInstalled(AnsiblePlaybook)) {
      it('should run ansible-playbook, which is not installed here', () => {
        allowMissingOutsideCi(AnsiblePlaybook.command, AnsiblePlaybook.install);
      });
      return;
    }

    it(
      'should pass every playbook generated with the default collection',
      async () => {
        expect(await sut.check(files)).toEqual({
          name: 'ansible-syntax',
          status: 'passed',
          summary: `${playbooks.length} playbooks pass`,
          findings: [],
        });
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should fail a playbook Ansible cannot load, naming it',
      async () => {
        const broken = playbooks[playbooks.length - 1] as GeneratedFile;
        const result = await sut.check(withPlaybook(broken.path, UNLOADABLE));
        expect(result).toMatchObject({ status: 'failed', summary: 'a playbook fails the syntax check' });
        expect(result.findings).toEqual([
          {
            location: broken.path,
            message: expect.stringContaining(
              "couldn't resolve module/action 'ansible.builtin.no_such_module'",
            ),
          },
        ]);
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should run Ansible again only on the playbooks that changed since they passed',
      async () => {
        const checker = new AnsibleSyntaxCheck();
        await checker.check(files);
        const edited = playbooks[0] as GeneratedFile;
        expect(await checker.check(withPlaybook(edited.path, `${edited.content}# edited\n`))).toEqual({
          name: 'ansible-syntax',
          status: 'passed',
          summary: `${playbooks.length} playbooks pass: 1 checked, ${playbooks.length - 1} as checked before or as iac-generator wrote them`,
          findings: [],
        });
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should take the files iac-generator wrote as passing, and still check a playbook changed after',
      async () => {
        const checker = new AnsibleSyntaxCheck();
        expect(await checker.check(files, generated)).toMatchObject({
          status: 'passed',
          summary: `${playbooks.length} playbooks pass: 0 checked, ${playbooks.length} as checked before or as iac-generator wrote them`,
        });
        const broken = playbooks[0] as GeneratedFile;
        expect(await checker.check(withPlaybook(broken.path, UNLOADABLE), generated)).toMatchObject({
          status: 'failed',
          findings: [{ location: broken.path }],
        });
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should fail an inventory that changed and does not parse, naming it',
      async () => {
        const result = await new AnsibleSyntaxCheck().check(
          withPlaybook('ansible/inventory.yml', 'all:\n  hosts:\n    a: {\n  bad: [\n'),
          generated,
        );
        expect(result).toMatchObject({
          status: 'failed',
          summary: 'the inventory does not parse',
          findings: [{ location: 'ansible/inventory.yml' }],
        });
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should say it skipped, and why, when a collection the playbooks name is not installed',
      async () => {
        const playbook = playbooks[0] as GeneratedFile;
        const result = await sut.check(
          withPlaybook(
            playbook.path,
            '- hosts: localhost\n  tasks:\n    - community.absent_for_tests.proxmox_kvm: {}\n',
          ),
        );
        expect(result).toEqual({
          name: 'ansible-syntax',
          status: 'skipped',
          summary:
            'community.absent_for_tests is not installed here (ansible-galaxy collection install -r ansible/requirements.yml)',
          findings: [],
        });
      },
      ANSIBLE_TIMEOUT_MS,
    );

    it(
      'should stop ansible-playbook when the service shuts down, and give no verdict',
      async () => {
        const stopping = new AnsibleSyntaxCheck();
        const checking = stopping.check(files);
        setTimeout(() => stopping.onApplicationShutdown(), 200);

        await expect(checking).rejects.toMatchObject({ name: 'AbortError' });
      },
      ANSIBLE_TIMEOUT_MS,
    );
  });
});
