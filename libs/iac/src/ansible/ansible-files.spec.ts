import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { allowMissingOutsideCi, AnsiblePlaybook, inventoryOf, isInstalled } from '@proxmox-mpc/testing';
import { parse, parseDocument, visit, type ScalarTag } from 'yaml';
import type { GeneratedFile } from '../terraform/terraform-files';
import { ansibleFiles, DEFAULT_PROXMOX_COLLECTION, type ProxmoxCollection } from './ansible-files';

const homelab = inventoryOf(new PveSimulator({ scenario: 'homelab' }));
const hosts = homelab.filter((guest) => !guest.template);
const baseVm = hosts.find((guest) => guest.type === 'qemu') as InventoryGuest;
const baseCt = hosts.find((guest) => guest.type === 'lxc') as InventoryGuest;

// Read as Ansible does: YAML 1.1 (where an unquoted `yes` is a boolean), `!unsafe` a string.
const unsafeTag: ScalarTag = { tag: '!unsafe', resolve: (text) => text };
// Parsed YAML is loosely typed; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;
const read = (content: string): Yaml => parse(content, { version: '1.1', customTags: [unsafeTag] });

function fileOf(files: GeneratedFile[], path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((candidate) => candidate.path).join(', ')}`);
  return file.content;
}

/** Every string in a file, split by whether it carries Ansible's `!unsafe` tag. */
function strings(content: string): { unsafe: string[]; plain: string[] } {
  const found = { unsafe: [] as string[], plain: [] as string[] };
  visit(parseDocument(content, { version: '1.1', customTags: [unsafeTag] }), {
    Scalar(_, node) {
      if (typeof node.value === 'string')
        (node.tag === '!unsafe' ? found.unsafe : found.plain).push(node.value);
    },
  });
  return found;
}

const withAddress = (guest: InventoryGuest, vmid: number, name: string, key: string, value: string) => ({
  ...guest,
  vmid,
  name,
  config: { ...guest.config, [key]: value },
});

// Names a guest may carry: YAML structure, Jinja, quotes, controls, YAML 1.1 booleans.
const HOSTILE = [
  'x\n- hosts: all\n  tasks: [{shell: rm -rf /}]',
  "{{ lookup('pipe','id') }}",
  '{{ 7 * 6 }}',
  '{% for x in range(3) %}boom{% endfor %}{# comment #}',
  'evil": 1, "ansible_host": "10.6.6.6',
  'line one\r\n\ttab \u0000 nul \u007f del \u0085 nel \u2028 sep',
  "ünïcødé 名前 🚀 \\ backslash \\\" quote 'single'",
  'yes',
  'localhost',
  'guest-100',
];
const hostile: InventoryGuest[] = HOSTILE.map((name, index) => ({
  ...baseVm,
  vmid: 9100 + index,
  name,
  status: 'running',
  tags: ['web', name],
  config: { ...baseVm.config, name, ipconfig0: `ip=${name}/24` },
}));

describe('ansibleFiles', () => {
  it('should write the inventory, its variables, the requirements and a playbook per group', () => {
    const files = ansibleFiles(homelab);
    const groups = Object.keys(read(fileOf(files, 'ansible/inventory.yml')).all.children);
    expect(files.map((file) => file.path)).toEqual([
      'ansible/inventory.yml',
      'ansible/group_vars/all.yml',
      'ansible/requirements.yml',
      ...groups.map((group) => `ansible/playbooks/${group}.yml`),
    ]);
  });

  it('should group every guest but templates by node, type, tag and status', () => {
    const inventory = read(fileOf(ansibleFiles(homelab), 'ansible/inventory.yml'));
    const expected = new Map<string, string[]>();
    for (const guest of [...hosts].sort((a, b) => a.vmid - b.vmid)) {
      const groups = [`node_${guest.node}`, `type_${guest.type}`, `status_${guest.status}`];
      for (const group of [...groups, ...guest.tags.map((tag) => `tag_${tag}`)]) {
        expected.set(group, [...(expected.get(group) ?? []), guest.name]);
      }
    }
    expect(Object.keys(inventory.all.children)).toEqual([...expected.keys()].sort());
    for (const [group, names] of expected) {
      expect(Object.keys(inventory.all.children[group].hosts)).toEqual(names);
    }
    expect(Object.keys(inventory.all.hosts)).toHaveLength(hosts.length);
    const template = homelab.find((guest) => guest.template) as InventoryGuest;
    expect(fileOf(ansibleFiles(homelab), 'ansible/inventory.yml')).not.toContain(template.name);
  });

  it('should give each host its Proxmox identity, and ansible_host for a static IPv4 address', () => {
    const guests = [
      withAddress(baseVm, 4100, 'app-01', 'ipconfig0', 'ip=10.20.0.50/24,gw=10.20.0.1'),
      withAddress(baseCt, 4200, 'files-01', 'net0', 'name=eth0,bridge=vmbr0,ip=10.20.0.60/24,gw=10.20.0.1'),
      withAddress(baseVm, 4300, 'dhcp-01', 'ipconfig0', 'ip=dhcp'),
      withAddress(baseCt, 4400, 'v6-01', 'net0', 'name=eth0,bridge=vmbr0,ip6=fd00::5/64'),
    ];
    const vars = read(fileOf(ansibleFiles(guests), 'ansible/inventory.yml')).all.hosts;
    expect(vars).toEqual({
      'app-01': {
        ansible_host: '10.20.0.50',
        proxmox_vmid: 4100,
        proxmox_node: baseVm.node,
        proxmox_type: 'qemu',
        proxmox_name: 'app-01',
      },
      'files-01': {
        ansible_host: '10.20.0.60',
        proxmox_vmid: 4200,
        proxmox_node: baseCt.node,
        proxmox_type: 'lxc',
        proxmox_name: 'files-01',
      },
      'dhcp-01': {
        proxmox_vmid: 4300,
        proxmox_node: baseVm.node,
        proxmox_type: 'qemu',
        proxmox_name: 'dhcp-01',
      },
      'v6-01': { proxmox_vmid: 4400, proxmox_node: baseCt.node, proxmox_type: 'lxc', proxmox_name: 'v6-01' },
    });
  });

  it('should name a host guest-<vmid> when its name is unsafe, taken twice or reserved', () => {
    const named = (vmid: number, name: string) => ({ ...baseVm, vmid, name, tags: ['web'] });
    const guests = [
      named(500, 'ok.example-1'),
      named(501, 'twin'),
      named(502, 'twin'),
      named(503, 'has space'),
      named(504, '-dash'),
      named(505, 'localhost'),
      named(506, 'tag_web'),
      named(507, 'guest-500'),
      named(508, ''),
    ];
    const inventory = read(fileOf(ansibleFiles(guests), 'ansible/inventory.yml'));
    expect(Object.keys(inventory.all.hosts)).toEqual([
      'ok.example-1',
      ...[501, 502, 503, 504, 505, 506, 507, 508].map((vmid) => `guest-${vmid}`),
    ]);
    expect(Object.values(inventory.all.hosts).map((vars: Yaml) => vars.proxmox_name)).toEqual(
      guests.map((guest) => guest.name),
    );
  });

  it('should write group names Ansible accepts, merging tags that differ only in other characters', () => {
    const guests = [
      { ...baseVm, vmid: 600, name: 'a', tags: ['web.prod', 'web-prod', '1st'] },
      { ...baseVm, vmid: 601, name: 'b', tags: ['web+prod'] },
    ];
    const children = read(fileOf(ansibleFiles(guests), 'ansible/inventory.yml')).all.children;
    expect(Object.keys(children)).toEqual(expect.arrayContaining(['tag_1st', 'tag_web_prod']));
    expect(Object.keys(children.tag_web_prod.hosts)).toEqual(['a', 'b']);
    for (const group of Object.keys(children)) expect(group).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('should hold each guest of a group in its recorded state, then reach its running guests', () => {
    const files = ansibleFiles(homelab);
    const plays = read(fileOf(files, 'ansible/playbooks/node_pve1.yml'));
    const members = hosts.filter((guest) => guest.node === 'pve1').sort((a, b) => a.vmid - b.vmid);
    expect(plays).toHaveLength(2);
    expect(plays[0]).toMatchObject({ hosts: 'localhost', connection: 'local', gather_facts: false });
    expect(plays[0].tasks).toHaveLength(members.length);
    plays[0].tasks.forEach((task: Yaml, index: number) => {
      const guest = members[index] as InventoryGuest;
      const module = guest.type === 'qemu' ? 'community.general.proxmox_kvm' : 'community.general.proxmox';
      expect(task[module]).toEqual({
        api_host: '{{ proxmox_api_host }}',
        api_user: '{{ proxmox_api_user }}',
        api_token_id: '{{ proxmox_api_token_id }}',
        api_token_secret: '{{ proxmox_api_token_secret }}',
        validate_certs: '{{ proxmox_validate_certs }}',
        vmid: guest.vmid,
        node: 'pve1',
        state: guest.status === 'running' ? 'started' : 'stopped',
      });
    });
    expect(plays[1]).toEqual({
      name: 'The running guests of node_pve1 answer',
      hosts: 'node_pve1:&status_running',
      gather_facts: false,
      tasks: [
        { name: 'Reachable', 'ansible.builtin.ping': {} },
        { name: 'Gather facts', 'ansible.builtin.setup': {} },
      ],
    });
    // Nobody answers in a group of stopped guests: no reachability play.
    expect(read(fileOf(files, 'ansible/playbooks/status_stopped.yml'))).toHaveLength(1);
  });

  it('should only check that a paused or unknown VM exists, and leave such a container alone', () => {
    const guests = [
      { ...baseVm, vmid: 700, name: 'paused-vm', status: 'paused' as const },
      { ...baseCt, vmid: 701, name: 'unknown-ct', status: 'unknown' as const },
    ];
    const files = ansibleFiles(guests);
    expect(read(fileOf(files, 'ansible/playbooks/status_paused.yml'))[0].tasks).toEqual([
      expect.objectContaining({
        name: 'paused-vm (700) is present',
        'community.general.proxmox_kvm': expect.objectContaining({ vmid: 700, state: 'current' }),
      }),
    ]);
    expect(read(fileOf(files, 'ansible/playbooks/status_unknown.yml'))).toEqual([
      expect.objectContaining({ hosts: 'localhost', tasks: [] }),
    ]);
  });

  it('should take the API connection from variables read from the environment, never a secret', () => {
    const files = ansibleFiles(homelab);
    expect(read(fileOf(files, 'ansible/group_vars/all.yml'))).toEqual({
      proxmox_api_host: "{{ lookup('env', 'PROXMOX_HOST') }}",
      proxmox_api_user: "{{ lookup('env', 'PROXMOX_USER') }}",
      proxmox_api_token_id: "{{ lookup('env', 'PROXMOX_TOKEN_ID') }}",
      proxmox_api_token_secret: "{{ lookup('env', 'PROXMOX_TOKEN_SECRET') }}",
      proxmox_validate_certs: true,
    });
  });

  it("should default to community.general, which Debian 12's Ansible has, and say so", () => {
    const files = ansibleFiles(homelab);
    expect(DEFAULT_PROXMOX_COLLECTION).toBe('community.general');
    expect(read(fileOf(files, 'ansible/requirements.yml'))).toEqual({
      collections: [{ name: 'community.general', version: '>=6.0.0,<11.0.0' }],
    });
    for (const path of ['ansible/requirements.yml', 'ansible/playbooks/type_qemu.yml']) {
      expect(fileOf(files, path)).toContain(
        "# Proxmox modules from community.general, which Debian 12's Ansible (ansible-core 2.14) has;\n" +
          '# community.proxmox needs 2.17+ (choose it with ansibleCollection when creating the workspace).\n',
      );
    }
  });

  it('should call the same modules from community.proxmox when asked to, and say so', () => {
    const files = ansibleFiles(homelab, { collection: 'community.proxmox' });
    const tasks = read(fileOf(files, 'ansible/playbooks/type_lxc.yml'))[0].tasks;
    expect(Object.keys(tasks[0])).toEqual(['name', 'community.proxmox.proxmox']);
    const vmTasks = read(fileOf(files, 'ansible/playbooks/type_qemu.yml'))[0].tasks;
    expect(Object.keys(vmTasks[0])).toEqual(['name', 'community.proxmox.proxmox_kvm']);
    expect(read(fileOf(files, 'ansible/requirements.yml'))).toEqual({
      collections: [{ name: 'community.proxmox', version: '>=1.0.0,<3.0.0' }],
    });
    expect(fileOf(files, 'ansible/playbooks/type_qemu.yml')).toContain(
      '# Proxmox modules from community.proxmox, which needs ansible-core 2.17 or later.\n',
    );
  });

  it('should write byte-identical files for the same inventory, in any order', () => {
    const once = ansibleFiles([...homelab, ...hostile]);
    const again = ansibleFiles(
      [...homelab, ...hostile].reverse().map((guest) => ({ ...guest, tags: [...guest.tags].reverse() })),
    );
    expect(again).toEqual(once);
  });

  it('should read hostile names back as the exact strings, adding no hosts, plays or tasks', () => {
    const files = ansibleFiles(hostile);
    const inventory = read(fileOf(files, 'ansible/inventory.yml'));
    expect(Object.keys(inventory)).toEqual(['all']);
    expect(Object.keys(inventory.all.hosts)).toEqual([
      ...HOSTILE.slice(0, 7).map((_, index) => `guest-${9100 + index}`),
      'yes',
      'guest-9108',
      'guest-9109',
    ]);
    expect(Object.values(inventory.all.hosts).map((vars: Yaml) => vars.proxmox_name)).toEqual(HOSTILE);
    // An address made of a name is not an IPv4 address: no ansible_host at all.
    expect(Object.values(inventory.all.hosts).filter((vars: Yaml) => 'ansible_host' in vars)).toEqual([]);

    const plays = read(fileOf(files, 'ansible/playbooks/tag_web.yml'));
    expect(plays).toHaveLength(2);
    expect(plays[0].tasks).toHaveLength(HOSTILE.length);
    expect(plays[0].tasks.map((task: Yaml) => Object.keys(task))).toEqual(
      HOSTILE.map(() => ['name', 'community.general.proxmox_kvm']),
    );
    expect(plays[1].tasks).toHaveLength(2);
  });

  it('should mark every inventory string !unsafe, leaving only its own templates for Ansible', () => {
    const files = ansibleFiles([...homelab, ...hostile]);
    const unsafe = files.flatMap((file) => strings(file.content).unsafe);
    for (const name of HOSTILE) expect(unsafe).toContain(name);
    const templated = files
      .flatMap((file) => strings(file.content).plain)
      .filter((text) => /\{\{|\{%|\{#/.test(text));
    expect([...new Set(templated)].sort()).toEqual([
      "{{ lookup('env', 'PROXMOX_HOST') }}",
      "{{ lookup('env', 'PROXMOX_TOKEN_ID') }}",
      "{{ lookup('env', 'PROXMOX_TOKEN_SECRET') }}",
      "{{ lookup('env', 'PROXMOX_USER') }}",
      '{{ proxmox_api_host }}',
      '{{ proxmox_api_token_id }}',
      '{{ proxmox_api_token_secret }}',
      '{{ proxmox_api_user }}',
      '{{ proxmox_validate_certs }}',
    ]);
    // One value per line: no name can start a line of its own.
    for (const file of files) expect(file.content).not.toMatch(/^- hosts: all/m);
  });
});

describe('ansibleFiles with Ansible', () => {
  if (!isInstalled(AnsiblePlaybook)) {
    // Say so, do not pretend; and never in CI, which installs Debian's ansible.
    it('should be checked with ansible-playbook, which is not installed here', () => {
      allowMissingOutsideCi(AnsiblePlaybook.command, AnsiblePlaybook.install);
    });
    return;
  }
  // An Ansible command takes about a second to start; Jest's default 5 s is tight on a busy machine.
  const ANSIBLE_TIMEOUT_MS = 60_000;

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mpc-ansible-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the files and runs an Ansible command in them, never through a shell. */
  function run(files: GeneratedFile[], command: string, args: string[]) {
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
    }
    return spawnSync(command, args, { cwd: join(dir, 'ansible'), encoding: 'utf8' });
  }
  const playbooks = (files: GeneratedFile[]) =>
    files
      .filter((file) => file.path.startsWith('ansible/playbooks/'))
      .map((file) => file.path.slice('ansible/'.length));
  // One run checks every playbook given, naming each, and stops at the first error.
  const syntaxCheck = (files: GeneratedFile[]) =>
    run(files, 'ansible-playbook', ['--syntax-check', '-i', 'inventory.yml', ...playbooks(files)]);

  const hasProxmoxModules = (collection: ProxmoxCollection): boolean => {
    const doc = spawnSync('ansible-doc', ['-t', 'module', '--json', `${collection}.proxmox_kvm`], {
      encoding: 'utf8',
    });
    return doc.status === 0 && `${collection}.proxmox_kvm` in JSON.parse(doc.stdout);
  };
  const guests = [...homelab, ...hostile];
  /** Every playbook passes, each named in Ansible's output. */
  const expectSyntaxCheckPasses = (files: GeneratedFile[]) => {
    const result = syntaxCheck(files);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout.match(/^playbook: .*$/gm)).toEqual(
      playbooks(files).map((playbook) => `playbook: ${playbook}`),
    );
  };

  it(
    `should pass ansible-playbook --syntax-check as generated by default (${DEFAULT_PROXMOX_COLLECTION})`,
    () => {
      if (!hasProxmoxModules(DEFAULT_PROXMOX_COLLECTION)) {
        allowMissingOutsideCi(`the collection ${DEFAULT_PROXMOX_COLLECTION}`, AnsiblePlaybook.install);
        return;
      }
      expectSyntaxCheckPasses(ansibleFiles(guests));
    },
    ANSIBLE_TIMEOUT_MS,
  );

  const others = (['community.proxmox', 'community.general'] as const).filter(
    (collection) => collection !== DEFAULT_PROXMOX_COLLECTION,
  );
  for (const collection of others.filter(hasProxmoxModules)) {
    it(
      `should pass ansible-playbook --syntax-check with ${collection}, installed here`,
      () => expectSyntaxCheckPasses(ansibleFiles(guests, { collection })),
      ANSIBLE_TIMEOUT_MS,
    );
  }

  // The files differ from those of an installed collection only in the module names, so
  // with the test above this shows the missing collection is the one reason they fail.
  for (const collection of others.filter((candidate) => !hasProxmoxModules(candidate))) {
    it(
      `should fail --syntax-check on the modules of ${collection}, not installed here`,
      () => {
        const result = syntaxCheck(ansibleFiles(guests, { collection }));
        expect(result.status).toBe(4);
        expect(result.stderr).toMatch(
          new RegExp(
            `^ERROR! couldn't resolve module/action '${collection}\\.proxmox(_kvm)?'\\. This often indicates a misspelling, missing collection, or incorrect module path\\.`,
          ),
        );
      },
      ANSIBLE_TIMEOUT_MS,
    );
  }

  it(
    'should list hostile names unevaluated in ansible-inventory',
    () => {
      const result = run(ansibleFiles(hostile), 'ansible-inventory', ['-i', 'inventory.yml', '--list']);
      expect(result.status).toBe(0);
      const hostvars: Record<string, Yaml> = JSON.parse(result.stdout)._meta.hostvars;
      // ansible-core 2.14 lists a `!unsafe` value as {"__ansible_unsafe": …}; newer releases as the string.
      const names = Object.values(hostvars).map(
        (vars) => vars.proxmox_name.__ansible_unsafe ?? vars.proxmox_name,
      );
      expect(names.sort()).toEqual([...HOSTILE].sort());
    },
    ANSIBLE_TIMEOUT_MS,
  );

  it(
    'should not template Jinja in names when Ansible uses them, where a plain value would be',
    () => {
      const plain = 'all:\n  hosts:\n    probe:\n      proxmox_name: "{{ 7 * 6 }}"\n';
      const files = [...ansibleFiles(hostile), { path: 'ansible/plain.yml', content: plain }];
      const hostNames = Object.keys(read(fileOf(files, 'ansible/inventory.yml')).all.hosts);
      const debug = (inventory: string, pattern: string) => {
        const result = run(files, 'ansible', [
          '-i',
          inventory,
          pattern,
          '--one-line',
          '-m',
          'ansible.builtin.debug',
          '-a',
          'var=proxmox_name',
        ]);
        expect(result.status).toBe(0);
        // `host | SUCCESS => {…}`, one line per host.
        return new Map(
          result.stdout
            .trim()
            .split('\n')
            .map((line) => {
              const [host, json] = line.split(' | SUCCESS => ');
              return [host, JSON.parse(json as string).proxmox_name];
            }),
        );
      };
      // The probe sees templating: the same value, written plainly, is evaluated.
      expect(debug('plain.yml', 'probe').get('probe')).toBe('42');

      const shown = debug('inventory.yml', 'all');
      expect(hostNames.map((host) => shown.get(host))).toEqual(HOSTILE);
    },
    ANSIBLE_TIMEOUT_MS,
  );
});
