// Builders and readers for PVE property strings (`virtio=BC:24:11:…,bridge=vmbr0,firewall=1`),
// the comma-separated `key=value` lists PVE uses for disks, NICs, cloud-init addresses and
// more. Written for the client on its own (the simulator has an implementation of its
// own, and the tests hold the two against each other), so a bug in one cannot hide in both.

export type PropertyValue = string | number | boolean;

/** Properties as text, the way PVE prints them (booleans as 1/0). */
export type PropertyValues = Record<string, string>;

function text(key: string, value: PropertyValue): string {
  const rendered = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  // A comma or a line break would end the property, or the config line, early.
  if (/[,\n\r]/.test(rendered)) {
    throw new TypeError(
      `property '${key}': a value must not contain ',' or a line break: ${JSON.stringify(rendered)}`,
    );
  }
  return rendered;
}

/**
 * `key=value` pairs joined by commas, undefined values left out. `defaultKey` names the
 * property PVE accepts without its key (a drive's `file`, a mount point's `volume`); it
 * comes first, bare. The rest follow sorted by key, as PVE prints them.
 */
export function formatPropertyString(
  values: Readonly<Record<string, PropertyValue | undefined>>,
  defaultKey?: string,
): string {
  const parts: string[] = [];
  const first = defaultKey === undefined ? undefined : values[defaultKey];
  if (defaultKey !== undefined && first !== undefined) parts.push(text(defaultKey, first));
  for (const key of Object.keys(values).sort()) {
    const value = values[key];
    if (key === defaultKey || value === undefined) continue;
    if (!/^[a-zA-Z][\w-]*$/.test(key)) throw new TypeError(`not a property name: ${JSON.stringify(key)}`);
    parts.push(`${key}=${text(key, value)}`);
  }
  return parts.join(',');
}

/**
 * Reads a property string into its properties. A part without `=` is the value of
 * `defaultKey`; without one, or given twice, the string is refused, as PVE refuses it.
 */
export function parsePropertyString(input: string, defaultKey?: string): PropertyValues {
  const values: PropertyValues = {};
  for (const part of input.split(',')) {
    if (part.trim() === '') continue;
    const separator = part.indexOf('=');
    const key = separator < 0 ? defaultKey : part.slice(0, separator);
    const value = separator < 0 ? part : part.slice(separator + 1);
    if (key === undefined) throw new TypeError(`'${part}' has no key and there is no default key`);
    if (key === '') throw new TypeError(`'${part}' has an empty key`);
    if (Object.hasOwn(values, key))
      throw new TypeError(`'${key}' is given twice in ${JSON.stringify(input)}`);
    values[key] = value;
  }
  return values;
}

// qemu-server's NIC models; each may stand as `model=<mac>` (the MAC belongs to that model).
const NIC_MODELS = new Set([
  'e1000',
  'e1000-82540em',
  'e1000-82544gc',
  'e1000-82545em',
  'e1000e',
  'i82551',
  'i82557b',
  'i82559er',
  'ne2k_isa',
  'ne2k_pci',
  'pcnet',
  'rtl8139',
  'virtio',
  'vmxnet3',
]);

/** A VM's NIC, `netN`. */
export interface QemuNet {
  model: string;
  /** Left out, PVE generates one (BC:24:11:…). */
  macaddr?: string;
  bridge?: string;
  firewall?: boolean;
  /** VLAN tag. */
  tag?: number;
  link_down?: boolean;
  mtu?: number;
  queues?: number;
  /** MB/s. */
  rate?: number;
  /** VLAN trunks, e.g. "10;20-30". */
  trunks?: string;
}

/** `virtio=BC:24:11:00:00:64,bridge=vmbr0,firewall=1`, or `virtio,bridge=vmbr0` without a MAC. */
export function formatQemuNet(net: QemuNet): string {
  if (!NIC_MODELS.has(net.model)) throw new TypeError(`unknown NIC model ${JSON.stringify(net.model)}`);
  const { model, macaddr, ...rest } = net;
  const head = macaddr === undefined ? model : `${model}=${text('macaddr', macaddr)}`;
  const tail = formatPropertyString(rest);
  return tail ? `${head},${tail}` : head;
}

export function parseQemuNet(input: string): QemuNet {
  const raw: Record<string, string> = {};
  let model: string | undefined;
  for (const part of input.split(',')) {
    if (part.trim() === '') continue;
    const [key = '', value] = part.split(/=(.*)/s, 2) as [string, string | undefined];
    if (NIC_MODELS.has(key)) {
      if (model !== undefined) throw new TypeError(`two NIC models in ${JSON.stringify(input)}`);
      model = key;
      if (value !== undefined) raw['macaddr'] = value;
    } else if (key === 'model' && value !== undefined) {
      model = value;
    } else if (value === undefined) {
      throw new TypeError(`'${part}' is not a NIC property`);
    } else {
      raw[key] = value;
    }
  }
  if (model === undefined) throw new TypeError(`no NIC model in ${JSON.stringify(input)}`);
  const net: QemuNet = { model };
  if (raw['macaddr'] !== undefined) net.macaddr = raw['macaddr'];
  if (raw['bridge'] !== undefined) net.bridge = raw['bridge'];
  if (raw['firewall'] !== undefined) net.firewall = raw['firewall'] === '1';
  if (raw['link_down'] !== undefined) net.link_down = raw['link_down'] === '1';
  if (raw['tag'] !== undefined) net.tag = Number(raw['tag']);
  if (raw['mtu'] !== undefined) net.mtu = Number(raw['mtu']);
  if (raw['queues'] !== undefined) net.queues = Number(raw['queues']);
  if (raw['rate'] !== undefined) net.rate = Number(raw['rate']);
  if (raw['trunks'] !== undefined) net.trunks = raw['trunks'];
  return net;
}

/** A container's NIC, `netN`. */
export interface LxcNet {
  name: string;
  bridge?: string;
  hwaddr?: string;
  /** `dhcp`, `manual` or an address in CIDR notation. */
  ip?: string;
  gw?: string;
  ip6?: string;
  gw6?: string;
  firewall?: boolean;
  tag?: number;
  mtu?: number;
  type?: 'veth';
}

/** `name=eth0,bridge=vmbr0,ip=dhcp`. */
export function formatLxcNet(net: LxcNet): string {
  return formatPropertyString({ ...net });
}

/** cloud-init addresses of one NIC, `ipconfigN`. */
export interface IpConfig {
  /** `dhcp` or an address in CIDR notation. */
  ip?: string;
  gw?: string;
  /** `dhcp`, `auto` or an address in CIDR notation. */
  ip6?: string;
  gw6?: string;
}

/** `ip=10.0.0.5/24,gw=10.0.0.1`. */
export function formatIpConfig(config: IpConfig): string {
  return formatPropertyString({ ...config });
}

export function parseIpConfig(input: string): IpConfig {
  const values = parsePropertyString(input);
  const config: IpConfig = {};
  for (const key of ['ip', 'gw', 'ip6', 'gw6'] as const) {
    const value = values[key];
    if (value !== undefined) config[key] = value;
  }
  return config;
}

/** A drive as a config holds it: its volume (`file`) and the rest. */
export interface Drive {
  /** `local-lvm:vm-100-disk-0`, `local:iso/x.iso`, `none`; to allocate: `local-lvm:32`. */
  file: string;
  [option: string]: string;
}

export function parseDrive(input: string): Drive {
  const values = parsePropertyString(input, 'file');
  const file = values['file'] ?? values['volume'];
  if (file === undefined) throw new TypeError(`no volume in ${JSON.stringify(input)}`);
  delete values['volume'];
  return { ...values, file };
}

/** Builds a drive: `local-lvm:32,iothread=1,ssd=1`. */
export function formatDrive(
  volume: string,
  options: Readonly<Record<string, PropertyValue | undefined>> = {},
): string {
  return formatPropertyString({ ...options, file: volume }, 'file');
}

/** The plain text of `sshkeys` as GET …/config returns it (URL-encoded). */
export function decodeSshKeys(encoded: string): string {
  return decodeURIComponent(encoded);
}

/** `sshkeys` as PVE stores it: URL-encoded, so that several lines fit on one config line. */
export function encodeSshKeys(keys: string): string {
  return encodeURIComponent(keys);
}
