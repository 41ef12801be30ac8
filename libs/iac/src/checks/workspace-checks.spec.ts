import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { DEFAULT_POLICY_FILE } from '../policy/policy';
import { terraformImport, type GeneratedFile } from '../terraform/terraform-files';
import { checkWorkspace, type CheckName, type WorkspaceCheckReport } from './workspace-checks';

const live = inventoryOf(new PveSimulator({ scenario: 'homelab' }));
const imported = terraformImport(live).files;
const check = (report: WorkspaceCheckReport, name: CheckName) =>
  report.checks.find((entry) => entry.name === name);
const replaceIn = (
  files: GeneratedFile[],
  path: string,
  from: string | RegExp,
  to: string,
): GeneratedFile[] =>
  files.map((file) => (file.path === path ? { ...file, content: file.content.replace(from, to) } : file));
const firstVm = live.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest;
const nodeFile = `terraform/node-${firstVm.node}.tf`;

describe('checkWorkspace', () => {
  it('should pass an import of the live cluster with a plan that changes nothing', async () => {
    const report = await checkWorkspace(imported, DEFAULT_POLICY_FILE, live);
    expect(report.checks.map((entry) => [entry.name, entry.status])).toEqual([
      ['hcl-parse', 'passed'],
      ['provider-schema', 'passed'],
      ['plan', 'passed'],
      ['policy', 'passed'],
    ]);
    expect(report.plan).toEqual([]);
    expect(check(report, 'plan')?.summary).toBe('0 to create, 0 to update, 0 to destroy');
  });

  it('should plan an update, attribute by attribute, when the cluster differs', async () => {
    const changed = live.map((guest) =>
      guest.vmid === firstVm.vmid ? { ...guest, config: { ...guest.config, memory: '1024' } } : guest,
    );
    const report = await checkWorkspace(imported, DEFAULT_POLICY_FILE, changed);
    expect(report.plan).toEqual([
      expect.objectContaining({
        action: 'update',
        vmid: firstVm.vmid,
        changes: [{ path: 'memory[0].dedicated', before: 1024, after: Number(firstVm.config['memory']) }],
      }),
    ]);
  });

  it('should plan destroys for guests without a resource, and let policy stop them', async () => {
    const withoutNode = imported.filter((file) => file.path !== nodeFile);
    const destroyed = live.filter((guest) => guest.node === firstVm.node);
    const policy = `${DEFAULT_POLICY_FILE.replace('protected: []', `protected: [${firstVm.vmid}]`)}`;
    const report = await checkWorkspace(withoutNode, policy, live);
    expect(report.plan.filter((change) => change.action === 'delete').map((change) => change.vmid)).toEqual(
      destroyed.map((guest) => guest.vmid).sort((a, b) => a - b),
    );
    const findings = check(report, 'policy')?.findings.map((finding) => finding.message);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^protected: would destroy protected guest ${firstVm.vmid}`)),
        `maxDestroys: would destroy ${destroyed.length} guests, more than 5`,
      ]),
    );
  });

  it('should plan a create for a resource with no guest', async () => {
    const extra = `resource "proxmox_virtual_environment_vm" "new_web" {
  node_name = "${firstVm.node}"
  vm_id     = 777
  name      = "new-web"
}
`;
    const report = await checkWorkspace(
      [...imported, { path: 'terraform/new.tf', content: extra }],
      DEFAULT_POLICY_FILE,
      live,
    );
    expect(report.plan).toEqual([
      expect.objectContaining({
        action: 'create',
        vmid: 777,
        address: 'proxmox_virtual_environment_vm.new_web',
      }),
    ]);
  });

  it('should fail a file that does not parse, with its location, and not plan', async () => {
    const broken = replaceIn(imported, nodeFile, /\}\n$/, '');
    const report = await checkWorkspace(broken, DEFAULT_POLICY_FILE, live);
    expect(check(report, 'hcl-parse')).toMatchObject({
      status: 'failed',
      findings: [
        { location: nodeFile, message: expect.stringMatching(/Unclosed configuration block|expected/) },
      ],
    });
    expect(check(report, 'plan')?.status).toBe('skipped');
  });

  it('should name the resource and line of an argument the provider does not have', async () => {
    const wrong = replaceIn(imported, nodeFile, '  vm_id ', '  cpu_count = 2\n  vm_id ');
    const report = await checkWorkspace(wrong, DEFAULT_POLICY_FILE, live);
    const finding = check(report, 'provider-schema')?.findings[0];
    expect(finding?.location).toMatch(
      new RegExp(`^${nodeFile}:\\d+ proxmox_virtual_environment_\\w+\\.\\w+\\.cpu_count$`),
    );
    expect(finding?.message).toBe('is not an argument or block of this resource');
  });

  it('should report a policy file it cannot use, naming the field', async () => {
    const report = await checkWorkspace(imported, 'maxDestroys: many\n', live);
    expect(check(report, 'policy')).toMatchObject({
      status: 'failed',
      findings: [{ location: 'policy.yml', message: expect.stringMatching(/maxDestroys: .*number/) }],
    });
  });

  it('should hold guests to naming, limits and required tags', async () => {
    const policy = 'naming:\n  pattern: "^prod-"\nlimits:\n  maxCores: 1\nrequiredTags: [owner]\n';
    const report = await checkWorkspace(imported, policy, live);
    const rules = new Set(check(report, 'policy')?.findings.map((finding) => finding.message.split(':')[0]));
    expect([...rules].sort()).toEqual(['limits', 'naming', 'requiredTags']);
  });
});
