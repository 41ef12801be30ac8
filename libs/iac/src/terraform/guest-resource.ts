import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { decodeSshKeys, parseDiskSize } from '@proxmox-mpc/pve-client/formats';
import { attributes, block, comment, HclExpression, type HclBlock, type HclNode } from '../hcl/hcl';
import { GuestConfigReader, type PropertyUse } from './guest-config-reader';

export const VM_RESOURCE = 'proxmox_virtual_environment_vm';
export const CONTAINER_RESOURCE = 'proxmox_virtual_environment_container';

/** A variable a guest's resource refers to, for a value that must not be in the files. */
export interface GuestVariable {
  name: string;
  type: 'string' | 'list(string)';
  description: string;
  sensitive: boolean;
}

/** One guest as Terraform: its resource, the import block that adopts it, and what it needs. */
export interface GuestResource {
  vmid: number;
  node: string;
  address: string;
  nodes: HclNode[];
  variables: GuestVariable[];
  /** Config keys (and `key.property`) with no place in the provider's schema. */
  unmapped: string[];
}

// Disks a VM config may hold, by bus; `ide2`-style CD-ROMs and the cloud-init drive are
// recognised by `media=cdrom` / a `…-cloudinit` volume.
const DISK_BUSES = ['scsi', 'virtio', 'sata', 'ide'];
// Keys Proxmox fills in by itself; the provider computes them, and listing them as
// unmapped would only be noise.
const PROXMOX_MANAGED = new Set(['vmgenid', 'meta', 'smbios1', 'lock', 'parent']);

const flag = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value === '1';
const integer = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isInteger(number) ? number : undefined;
};
const list = (value: string | undefined, separator: RegExp): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(separator)
        .map((item) => item.trim())
        .filter(Boolean);

/** `vm_100_web_01`: a Terraform name that is valid whatever the guest is called. */
export function resourceName(guest: Pick<InventoryGuest, 'type' | 'vmid' | 'name'>): string {
  const slug = guest.name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return [guest.type === 'qemu' ? 'vm' : 'ct', guest.vmid, slug].filter(Boolean).join('_');
}

/** Whole GiB, as the provider takes disk sizes; undefined when the size is not whole. */
function sizeInGb(size: string | undefined): number | undefined {
  if (size === undefined) return undefined;
  try {
    const gib = parseDiskSize(size) / 1024 ** 3;
    return Number.isInteger(gib) ? gib : undefined;
  } catch {
    return undefined;
  }
}

/** `local-lvm:vm-100-disk-0` → `local-lvm`. */
const datastoreOf = (volume: string | undefined): string | undefined => volume?.split(':')[0];

function finish(uses: Array<PropertyUse | undefined>): void {
  for (const use of uses) use?.finish();
}

function mapVm(guest: InventoryGuest, config: GuestConfigReader, variables: GuestVariable[]): HclNode[] {
  const blocks: HclBlock[] = [];
  const uses: Array<PropertyUse | undefined> = [];

  const agent = config.properties('agent', 'enabled');
  uses.push(agent);
  if (agent) blocks.push(block('agent', [], attributes({ enabled: flag(agent.use('enabled')) })));

  const cpu = attributes({
    cores: integer(config.take('cores')),
    sockets: integer(config.take('sockets')),
    type: config.take('cpu'),
  });
  if (cpu.length) blocks.push(block('cpu', [], cpu));

  const memory = attributes({
    dedicated: integer(config.take('memory')),
    floating: integer(config.take('balloon')),
  });
  if (memory.length) blocks.push(block('memory', [], memory));

  let cloudInit: { datastore: string | undefined; interface: string } | undefined;
  for (const key of DISK_BUSES.flatMap((bus) => config.family(bus))) {
    const drive = config.properties(key, 'file');
    if (!drive) continue;
    uses.push(drive);
    const volume = drive.values['file'];
    if (volume?.includes('cloudinit')) {
      drive.use('file');
      drive.use('media');
      cloudInit = { datastore: datastoreOf(volume), interface: key };
    } else if (drive.values['media'] === 'cdrom') {
      drive.use('media');
      blocks.push(block('cdrom', [], attributes({ file_id: drive.use('file'), interface: key })));
    } else {
      const size = sizeInGb(drive.values['size']);
      if (size !== undefined) drive.use('size');
      drive.use('file');
      blocks.push(
        block(
          'disk',
          [],
          attributes({
            interface: key,
            datastore_id: datastoreOf(volume),
            size,
            iothread: flag(drive.use('iothread')),
            ssd: flag(drive.use('ssd')),
            discard: drive.use('discard'),
            cache: drive.use('cache'),
            backup: flag(drive.use('backup')),
            replicate: flag(drive.use('replicate')),
            aio: drive.use('aio'),
          }),
        ),
      );
    }
  }

  for (const key of config.family('net')) {
    const net = config.properties(key);
    if (!net) continue;
    uses.push(net);
    const model = Object.keys(net.values).find((property) =>
      /^(virtio|e1000|e1000e|rtl8139|vmxnet3)$/.test(property),
    );
    blocks.push(
      block(
        'network_device',
        [],
        attributes({
          model: model ?? net.use('model'),
          mac_address: model ? net.use(model) : net.use('macaddr'),
          bridge: net.use('bridge'),
          vlan_id: integer(net.use('tag')),
          firewall: flag(net.use('firewall')),
          disconnected: flag(net.use('link_down')),
          mtu: integer(net.use('mtu')),
          queues: integer(net.use('queues')),
          rate_limit: net.values['rate'] === undefined ? undefined : Number(net.use('rate')),
          trunks: net.use('trunks'),
        }),
      ),
    );
  }

  const initialization = cloudInitBlock(guest, config, variables, cloudInit, uses);
  if (initialization) blocks.push(initialization);

  const ostype = config.take('ostype');
  if (ostype) blocks.push(block('operating_system', [], attributes({ type: ostype })));

  const vga = config.properties('vga', 'type');
  uses.push(vga);
  if (vga) {
    blocks.push(block('vga', [], attributes({ type: vga.use('type'), memory: integer(vga.use('memory')) })));
  }

  for (const key of config.family('serial')) {
    blocks.push(block('serial_device', [], attributes({ device: config.take(key) })));
  }

  const startup = startupBlock(config, uses);
  if (startup) blocks.push(startup);

  const boot = config.properties('boot');
  uses.push(boot);
  const bootOrder = list(boot?.use('order'), /;/);
  // `template: 1` is the guest's `template` flag, mapped from the inventory below.
  config.take('template');
  finish(uses);
  return [
    ...attributes({
      node_name: guest.node,
      vm_id: guest.vmid,
      name: config.take('name') ?? guest.name,
      description: config.take('description'),
      tags: list(config.take('tags'), /[;, ]/),
      on_boot: flag(config.take('onboot')),
      started: guest.template ? undefined : guest.status === 'running',
      template: guest.template || undefined,
      pool_id: guest.pool,
      bios: config.take('bios'),
      machine: config.take('machine'),
      scsi_hardware: config.take('scsihw'),
      boot_order: bootOrder,
      protection: flag(config.take('protection')),
      keyboard_layout: config.take('keyboard'),
    }),
    ...blocks,
  ];
}

function startupBlock(config: GuestConfigReader, uses: Array<PropertyUse | undefined>): HclBlock | undefined {
  const startup = config.properties('startup');
  uses.push(startup);
  if (!startup) return undefined;
  return block(
    'startup',
    [],
    attributes({
      order: integer(startup.use('order')),
      up_delay: integer(startup.use('up')),
      down_delay: integer(startup.use('down')),
    }),
  );
}

function cloudInitBlock(
  guest: InventoryGuest,
  config: GuestConfigReader,
  variables: GuestVariable[],
  drive: { datastore: string | undefined; interface: string } | undefined,
  uses: Array<PropertyUse | undefined>,
): HclBlock | undefined {
  const body: HclNode[] = [];
  if (drive) body.push(...attributes({ datastore_id: drive.datastore, interface: drive.interface }));
  const nameservers = list(config.take('nameserver'), /[ ,;]+/);
  const domain = config.take('searchdomain');
  if (nameservers || domain) body.push(block('dns', [], attributes({ servers: nameservers, domain })));
  for (const key of config.family('ipconfig')) {
    const ip = config.properties(key);
    uses.push(ip);
    if (!ip) continue;
    const v4 = attributes({ address: ip.use('ip'), gateway: ip.use('gw') });
    const v6 = attributes({ address: ip.use('ip6'), gateway: ip.use('gw6') });
    body.push(
      block(
        'ip_config',
        [],
        [...(v4.length ? [block('ipv4', [], v4)] : []), ...(v6.length ? [block('ipv6', [], v6)] : [])],
      ),
    );
  }
  const user = config.take('ciuser');
  const keys = config.take('sshkeys');
  const password = config.take('cipassword');
  if (user || keys || password) {
    const prefix = `${resourceName(guest)}`;
    if (keys) {
      variables.push({
        name: `${prefix}_ssh_keys`,
        type: 'list(string)',
        description: `SSH public keys of ${guest.type} ${guest.vmid} (${decodeSshKeys(keys).split('\n').filter(Boolean).length} in Proxmox)`,
        sensitive: false,
      });
    }
    if (password) {
      variables.push({
        name: `${prefix}_password`,
        type: 'string',
        description: `cloud-init password of ${guest.type} ${guest.vmid}`,
        sensitive: true,
      });
    }
    body.push(
      block(
        'user_account',
        [],
        attributes({
          username: user,
          keys: keys ? HclExpression.reference(`var.${prefix}_ssh_keys`) : undefined,
          password: password ? HclExpression.reference(`var.${prefix}_password`) : undefined,
        }),
      ),
    );
  }
  return body.length ? block('initialization', [], body) : undefined;
}

function mapContainer(guest: InventoryGuest, config: GuestConfigReader): HclNode[] {
  const blocks: HclBlock[] = [];
  const uses: Array<PropertyUse | undefined> = [];

  const cpu = attributes({
    architecture: config.take('arch'),
    cores: integer(config.take('cores')),
    units: integer(config.take('cpuunits')),
  });
  if (cpu.length) blocks.push(block('cpu', [], cpu));

  const memory = attributes({
    dedicated: integer(config.take('memory')),
    swap: integer(config.take('swap')),
  });
  if (memory.length) blocks.push(block('memory', [], memory));

  const rootfs = config.properties('rootfs', 'volume');
  uses.push(rootfs);
  if (rootfs) {
    const size = sizeInGb(rootfs.values['size']);
    if (size !== undefined) rootfs.use('size');
    blocks.push(block('disk', [], attributes({ datastore_id: datastoreOf(rootfs.use('volume')), size })));
  }

  for (const key of config.family('mp')) {
    const mount = config.properties(key, 'volume');
    uses.push(mount);
    if (!mount) continue;
    blocks.push(
      block(
        'mount_point',
        [],
        attributes({
          volume: datastoreOf(mount.use('volume')),
          path: mount.use('mp'),
          size: mount.use('size'),
          backup: flag(mount.use('backup')),
          read_only: flag(mount.use('ro')),
          replicate: flag(mount.use('replicate')),
          shared: flag(mount.use('shared')),
          acl: flag(mount.use('acl')),
          quota: flag(mount.use('quota')),
        }),
      ),
    );
  }

  const addresses: HclBlock[] = [];
  for (const key of config.family('net')) {
    const net = config.properties(key);
    uses.push(net);
    if (!net) continue;
    blocks.push(
      block(
        'network_interface',
        [],
        attributes({
          name: net.use('name'),
          bridge: net.use('bridge'),
          mac_address: net.use('hwaddr'),
          vlan_id: integer(net.use('tag')),
          firewall: flag(net.use('firewall')),
          mtu: integer(net.use('mtu')),
          rate_limit: net.values['rate'] === undefined ? undefined : Number(net.use('rate')),
        }),
      ),
    );
    net.use('type');
    const v4 = attributes({ address: net.use('ip'), gateway: net.use('gw') });
    const v6 = attributes({ address: net.use('ip6'), gateway: net.use('gw6') });
    addresses.push(
      block(
        'ip_config',
        [],
        [...(v4.length ? [block('ipv4', [], v4)] : []), ...(v6.length ? [block('ipv6', [], v6)] : [])],
      ),
    );
  }

  const nameservers = list(config.take('nameserver'), /[ ,;]+/);
  const domain = config.take('searchdomain');
  blocks.push(
    block(
      'initialization',
      [],
      [
        ...attributes({ hostname: config.take('hostname') ?? guest.name }),
        ...(nameservers || domain ? [block('dns', [], attributes({ servers: nameservers, domain }))] : []),
        ...addresses,
      ],
    ),
  );

  // The template a container was created from is not in its config: a stand-in value keeps
  // the required attribute, and ignore_changes keeps Terraform from replacing the guest.
  blocks.push(
    block(
      'operating_system',
      [],
      [
        comment('Proxmox does not record the template a container was made from.'),
        ...attributes({
          template_file_id: 'local:vztmpl/unknown-template.tar.zst',
          type: config.take('ostype'),
        }),
      ],
    ),
  );

  const features = config.properties('features');
  uses.push(features);
  if (features) {
    blocks.push(
      block(
        'features',
        [],
        attributes({
          nesting: flag(features.use('nesting')),
          keyctl: flag(features.use('keyctl')),
          fuse: flag(features.use('fuse')),
          mount: list(features.use('mount'), /;/),
        }),
      ),
    );
  }

  const consoleDevice = flag(config.take('console'));
  const tty = integer(config.take('tty'));
  const cmode = config.take('cmode');
  if (consoleDevice !== undefined || tty !== undefined || cmode) {
    blocks.push(block('console', [], attributes({ enabled: consoleDevice, type: cmode, tty_count: tty })));
  }

  const startup = startupBlock(config, uses);
  if (startup) blocks.push(startup);

  blocks.push(
    block(
      'lifecycle',
      [],
      [
        ...attributes({
          ignore_changes: [HclExpression.reference('operating_system[0].template_file_id')],
        }),
      ],
    ),
  );

  config.take('template');
  finish(uses);
  return [
    ...attributes({
      node_name: guest.node,
      vm_id: guest.vmid,
      description: config.take('description'),
      tags: list(config.take('tags'), /[;, ]/),
      unprivileged: flag(config.take('unprivileged')),
      start_on_boot: flag(config.take('onboot')),
      started: guest.template ? undefined : guest.status === 'running',
      template: guest.template || undefined,
      pool_id: guest.pool,
      protection: flag(config.take('protection')),
    }),
    ...blocks,
  ];
}

/** A guest's resource and import block, with a comment listing what could not be mapped. */
export function guestResource(guest: InventoryGuest): GuestResource {
  const config = new GuestConfigReader(guest.config);
  const variables: GuestVariable[] = [];
  const type = guest.type === 'qemu' ? VM_RESOURCE : CONTAINER_RESOURCE;
  const name = resourceName(guest);
  const body = guest.type === 'qemu' ? mapVm(guest, config, variables) : mapContainer(guest, config);
  const unmapped = config.unmapped().filter((key) => !PROXMOX_MANAGED.has(key));
  const address = `${type}.${name}`;
  return {
    vmid: guest.vmid,
    node: guest.node,
    address,
    variables,
    unmapped,
    nodes: [
      ...(unmapped.length ? [comment(`Not mapped (kept as Proxmox has them): ${unmapped.join(', ')}`)] : []),
      block('resource', [type, name], body),
      block(
        'import',
        [],
        [...attributes({ to: HclExpression.reference(address), id: `${guest.node}/${guest.vmid}` })],
      ),
    ],
  };
}
