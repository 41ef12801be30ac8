import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { parseHcl, type HclJson } from '../checks/hcl-parse';
import { checkAgainstProviderSchema } from '../checks/schema-check';
import { terraformImport, type GeneratedFile } from './terraform-files';

const homelab = inventoryOf(new PveSimulator({ scenario: 'homelab' }));

async function parseAll(files: GeneratedFile[]): Promise<Map<string, HclJson>> {
  const parsed = new Map<string, HclJson>();
  for (const file of files) {
    const result = await parseHcl(file.path, file.content);
    if (!result.ok) throw new Error(`${file.path}: ${result.error}`);
    parsed.set(file.path, result.json);
  }
  return parsed;
}

// Parsed HCL is loosely typed; the assertions below check its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;
type Bodies = Record<string, Record<string, Array<Record<string, unknown>>>>;
function resourcesIn(parsed: Map<string, HclJson>): Bodies {
  const merged: Bodies = {};
  for (const json of parsed.values()) {
    for (const [type, byName] of Object.entries((json['resource'] as Bodies | undefined) ?? {})) {
      merged[type] = { ...merged[type], ...byName };
    }
  }
  return merged;
}

/** hcl2json hands strings back as templates, with HCL's `$${` and `%%{` escapes kept. */
const literal = (value: unknown): string =>
  String(value)
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');

describe('terraformImport', () => {
  it('should write files that parse and fit the pinned provider schema', async () => {
    const { files } = terraformImport(homelab);
    const parsed = await parseAll(files);
    expect([...parsed.keys()]).toEqual(
      expect.arrayContaining(['terraform/versions.tf', 'terraform/provider.tf', 'terraform/variables.tf']),
    );
    expect([...parsed.values()].flatMap(checkAgainstProviderSchema)).toEqual([]);
  });

  it('should adopt every guest with an import block addressed node/vmid', async () => {
    const { files } = terraformImport(homelab);
    const parsed = await parseAll(files);
    const imports = [...parsed.values()].flatMap(
      (json) => (json['import'] as Array<{ id: string; to: string }>) ?? [],
    );
    expect(imports.map((entry) => entry.id).sort()).toEqual(
      homelab.map((guest) => `${guest.node}/${guest.vmid}`).sort(),
    );
    const resources = resourcesIn(parsed);
    for (const entry of imports) {
      const [type, name] = entry.to.replace(/^\$\{|\}$/g, '').split('.') as [string, string];
      expect(resources[type]?.[name]).toBeDefined();
    }
  });

  // Configs as PVE returns them for a cloud-init VM and a container with a mount point.
  const vm: InventoryGuest = {
    ...(homelab.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest),
    vmid: 4100,
    name: 'app-01',
    config: {
      name: 'app-01',
      cores: '2',
      sockets: '1',
      memory: '4096',
      balloon: '1024',
      scsihw: 'virtio-scsi-single',
      scsi0: 'local-lvm:vm-4100-disk-0,iothread=1,size=32G',
      virtio1: 'ceph:vm-4100-disk-1,size=1T',
      ide2: 'local-lvm:vm-4100-cloudinit,media=cdrom',
      net0: 'virtio=BC:24:11:AA:BB:CC,bridge=vmbr0,firewall=1,tag=20',
      net1: 'e1000=BC:24:11:AA:BB:CD,bridge=vmbr1',
      ipconfig0: 'ip=10.20.0.50/24,gw=10.20.0.1',
      ipconfig1: 'ip=dhcp',
      ciuser: 'debian',
      sshkeys: encodeURIComponent('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKEYMATERIAL tester@example\n'),
      cipassword: '**********',
      nameserver: '10.20.0.2 10.20.0.3',
      searchdomain: 'lab.example',
      tags: 'app;prod',
      boot: 'order=scsi0;net0',
      onboot: '1',
      agent: '1',
      ostype: 'l26',
    },
  };
  const ct: InventoryGuest = {
    ...(homelab.find((guest) => guest.type === 'lxc') as InventoryGuest),
    vmid: 4200,
    name: 'files-01',
    config: {
      hostname: 'files-01',
      arch: 'amd64',
      cores: '1',
      memory: '512',
      swap: '512',
      rootfs: 'local-lvm:subvol-4200-disk-0,size=8G',
      mp0: 'local-lvm:subvol-4200-disk-1,mp=/srv/data,size=10G,backup=1',
      net0: 'name=eth0,bridge=vmbr0,hwaddr=BC:24:11:00:42:00,ip=10.20.0.60/24,gw=10.20.0.1,type=veth',
      features: 'nesting=1,keyctl=1',
      ostype: 'debian',
      unprivileged: '1',
    },
  };

  it('should map the config faithfully: disks in GB, NICs, cloud-init, tags, boot order', async () => {
    const { files, guests } = terraformImport([vm, ct]);
    expect(guests.map((guest) => guest.unmapped)).toEqual([[], []]);
    const parsed = await parseAll(files);
    expect([...parsed.values()].flatMap(checkAgainstProviderSchema)).toEqual([]);
    const resources = resourcesIn(parsed);
    const vmBody = resources['proxmox_virtual_environment_vm']?.['vm_4100_app_01']?.[0] as Body;
    expect(vmBody['disk']).toEqual([
      { interface: 'scsi0', datastore_id: 'local-lvm', size: 32, iothread: true },
      { interface: 'virtio1', datastore_id: 'ceph', size: 1024 },
    ]);
    expect(vmBody['memory']).toEqual([{ dedicated: 4096, floating: 1024 }]);
    expect(vmBody['network_device']).toEqual([
      { model: 'virtio', mac_address: 'BC:24:11:AA:BB:CC', bridge: 'vmbr0', vlan_id: 20, firewall: true },
      { model: 'e1000', mac_address: 'BC:24:11:AA:BB:CD', bridge: 'vmbr1' },
    ]);
    expect(vmBody['tags']).toEqual(['app', 'prod']);
    expect(vmBody['boot_order']).toEqual(['scsi0', 'net0']);
    expect(vmBody['initialization']).toEqual([
      {
        datastore_id: 'local-lvm',
        interface: 'ide2',
        dns: [{ servers: ['10.20.0.2', '10.20.0.3'], domain: 'lab.example' }],
        ip_config: [
          { ipv4: [{ address: '10.20.0.50/24', gateway: '10.20.0.1' }] },
          { ipv4: [{ address: 'dhcp' }] },
        ],
        user_account: [
          {
            username: 'debian',
            keys: '${var.vm_4100_app_01_ssh_keys}',
            password: '${var.vm_4100_app_01_password}',
          },
        ],
      },
    ]);

    const ctBody = resources['proxmox_virtual_environment_container']?.['ct_4200_files_01']?.[0] as Body;
    expect(ctBody['disk']).toEqual([{ datastore_id: 'local-lvm', size: 8 }]);
    expect(ctBody['mount_point']).toEqual([
      { volume: 'local-lvm', path: '/srv/data', size: '10G', backup: true },
    ]);
    expect(ctBody['initialization'][0]).toMatchObject({
      hostname: 'files-01',
      ip_config: [{ ipv4: [{ address: '10.20.0.60/24', gateway: '10.20.0.1' }] }],
    });
    expect(ctBody['features']).toEqual([{ nesting: true, keyctl: true }]);
    expect(ctBody['lifecycle'][0].ignore_changes).toEqual(['${operating_system[0].template_file_id}']);
  });

  it('should list config it cannot map instead of dropping it', () => {
    const guest = {
      ...(homelab.find((candidate) => candidate.type === 'qemu') as InventoryGuest),
      config: {
        name: 'odd',
        memory: '2048',
        hookscript: 'local:snippets/hook.pl',
        scsi0: 'local-lvm:vm-1-disk-0,size=1536M',
      },
    };
    const [resource] = terraformImport([guest]).guests;
    expect(resource?.unmapped).toEqual(['hookscript', 'scsi0.size']);
    expect(terraformImport([guest]).files.find((file) => file.path.includes('node-'))?.content).toContain(
      '# Not mapped (kept as Proxmox has them): hookscript, scsi0.size',
    );
  });

  it('should keep secrets out of the files, as variables', async () => {
    const { files } = terraformImport([vm]);
    const all = files.map((file) => file.content).join('\n');
    expect(all).not.toContain('KEYMATERIAL');
    expect(all).not.toContain('**********');
    const variables = (await parseAll(files)).get('terraform/variables.tf')?.['variable'] as Record<
      string,
      unknown
    >;
    expect(Object.keys(variables).sort()).toEqual([
      'proxmox_api_token',
      'proxmox_endpoint',
      'proxmox_insecure',
      'vm_4100_app_01_password',
      'vm_4100_app_01_ssh_keys',
    ]);
  });

  it('should write byte-identical files for the same inventory, in any order', () => {
    const once = terraformImport(homelab).files;
    const again = terraformImport(
      [...homelab].reverse().map((guest) => ({ ...guest, config: { ...guest.config } })),
    ).files;
    expect(again).toEqual(once);
  });

  it('should keep hostile names and descriptions inert', async () => {
    const base = homelab.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest;
    const hostile = [
      'evil" }\nresource "null_resource" "x" {\n  y = "',
      '${file("/etc/passwd")}',
      '%{ for x in [1] }boom%{ endfor }',
      'line one\nline two\r\n\ttabbed \u0000 nul \u2028 sep',
      'ünïcødé 名前 🚀 \\ backslash \\" quote',
      '<<EOF\nheredoc\nEOF',
    ];
    const guests = hostile.map((text, index) => ({
      ...base,
      vmid: 9000 + index,
      name: text,
      config: { ...base.config, name: text, description: text, tags: 'a"b;c${d}' },
    }));
    const parsed = await parseAll(terraformImport(guests).files);
    const resources = resourcesIn(parsed);
    expect(Object.keys(resources)).toEqual(['proxmox_virtual_environment_vm']);
    const bodies = Object.values(resources['proxmox_virtual_environment_vm'] ?? {}).map((list) => list[0]);
    expect(bodies).toHaveLength(hostile.length);
    expect(bodies.map((body) => literal(body?.['description']))).toEqual(hostile);
    expect(bodies.map((body) => literal(body?.['name']))).toEqual(hostile);
  });
});

describe('terraformImport formatting', () => {
  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
  if (terraform.error) {
    // Same rule as the PVE conformance test: say so, do not pretend.
    it('should be checked with terraform fmt, which is not installed here', () => {
      expect(terraform.error).toBeDefined();
    });
    return;
  }

  it('should already be formatted as terraform fmt writes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpc-fmt-'));
    try {
      const { files } = terraformImport(homelab);
      for (const file of files) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.content);
      }
      const result = spawnSync('terraform', ['fmt', '-recursive', '-list=true', dir], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      for (const file of files) expect(readFileSync(join(dir, file.path), 'utf8')).toBe(file.content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
