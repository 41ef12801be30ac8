import { createHash, randomBytes } from 'node:crypto';
import { QEMU_BOOT_FORMAT } from '../../formats/guest-property-formats';
import { parsePropertyString, printPropertyString } from '../../formats/property-string';
import { splitList } from '../../formats/value-checks';
import { PveHttpError } from '../../http/pve-http-error';
import type { Guest, GuestConfig } from '../../state/guest';
import type { SimulatorState } from '../../state/simulator-state';
import { isConfigKey, isVolumeKey } from './guest-config-keys';
import { assertUnprotected } from './guest-locks';
import { normalizeNet } from './guest-network';
import { createDisk, parseDisk, parseVolumeId } from './guest-volumes';

// Applying config changes, from qemu-server's update_vm_api and pve-container's
// update_pct_config. Simplification: PVE writes changes to a [PENDING] section and
// applies them at once only when the guest is stopped or the option is hot-pluggable;
// the simulator applies every change at once, running or not, so GET …/config and
// GET …/config?current=1 agree and …/pending is not served.

/** The control parameters of a config update, apart from the options themselves. */
export interface ConfigChanges {
  readonly set: Readonly<Record<string, string>>;
  readonly delete: readonly string[];
  readonly revert: readonly string[];
}

const CONTROL_PARAMETERS = new Set([
  'node',
  'vmid',
  'digest',
  'delete',
  'revert',
  'force',
  'skiplock',
  'background_delay',
]);

// pve-container: what a container cannot lose or change after creation.
const LXC_REQUIRED = new Set(['memory', 'rootfs', 'ostype']);

/**
 * Splits verified parameters into changes and checks the `delete`/`revert` lists as
 * PVE does before it loads the config (400s naming `delete` or `revert`).
 */
export function configChanges(
  guestType: Guest['type'],
  params: Readonly<Record<string, string>>,
): ConfigChanges {
  const set = Object.fromEntries(Object.entries(params).filter(([key]) => !CONTROL_PARAMETERS.has(key)));
  const revert = splitList(params['revert'] ?? '');
  for (const option of revert) {
    if (!isConfigKey(guestType, option))
      throw PveHttpError.parameters({ revert: `unknown option '${option}'` });
    if (set[option] !== undefined) {
      throw PveHttpError.parameters({
        delete: `you can't use '-${option}' and -revert ${option}' at the same time`,
      });
    }
  }
  const deletions: string[] = [];
  for (const listed of splitList(params['delete'] ?? '')) {
    const option = guestType === 'qemu' && listed === 'cdrom' ? 'ide2' : listed;
    if (set[option] !== undefined) {
      throw PveHttpError.parameters({
        delete: `you can't use '-${option}' and -delete ${option}' at the same time`,
      });
    }
    if (revert.includes(option)) {
      throw PveHttpError.parameters({
        revert: `you can't use '-delete ${option}' and -revert ${option}' at the same time`,
      });
    }
    if (!isConfigKey(guestType, option))
      throw PveHttpError.parameters({ delete: `unknown option '${option}'` });
    deletions.push(option);
  }
  return { set, delete: deletions, revert };
}

/** qemu-server's update log line: `update VM 100: -delete net1 -memory 2048`, secrets hidden. */
export function updateLogLine(guest: Guest, params: Readonly<Record<string, string>>): string {
  const shown = Object.keys(params)
    .filter((key) => !['node', 'vmid', 'digest', 'background_delay'].includes(key))
    .sort()
    .map((key) => `-${key} ${key === 'cipassword' || key === 'password' ? '<hidden>' : params[key]}`);
  return `update ${guest.type === 'qemu' ? 'VM' : 'CT'} ${guest.vmid}: ${shown.join(' ')}`;
}

export interface UpdateContext {
  readonly state: SimulatorState;
  readonly guest: Guest;
  readonly log: (line: string) => void;
  readonly reserved?: Set<string>;
  readonly defaultStorage?: string;
}

/** Applies the changes to the guest's config (deletions first, as PVE does). */
export function applyConfigChanges(context: UpdateContext, changes: ConfigChanges): void {
  const { guest } = context;
  for (const option of changes.delete) deleteOption(context, option);
  for (const key of Object.keys(changes.set).sort(byVolumeOrder(guest.type))) {
    setOption(context, key, changes.set[key] ?? '');
  }
  // An emptied description disappears, as in PVE's config writer.
  if (guest.config['description'] === '') delete guest.config['description'];
}

// PVE allocates disks walking its volume keys in order (qemu-server's valid_drive_names,
// pve-container's rootfs then mp0, mp1, …), so that order decides who gets disk-0.
const QEMU_VOLUME_ORDER = ['ide', 'sata', 'scsi', 'virtio', 'efidisk', 'tpmstate', 'unused'];

function volumeRank(type: Guest['type'], key: string): [number, number] | undefined {
  const match = /^([a-z]+)(\d+)$/.exec(key);
  if (type === 'lxc') {
    if (key === 'rootfs') return [0, 0];
    if (match?.[1] === 'mp') return [1, Number(match[2])];
    return match?.[1] === 'unused' ? [2, Number(match[2])] : undefined;
  }
  const bus = match ? QEMU_VOLUME_ORDER.indexOf(match[1] ?? '') : -1;
  return bus < 0 ? undefined : [bus, Number(match?.[2])];
}

/** Volume keys first, in PVE's order, then every other option by name. */
function byVolumeOrder(type: Guest['type']): (a: string, b: string) => number {
  return (a, b) => {
    const [rankA, rankB] = [volumeRank(type, a), volumeRank(type, b)];
    if (rankA && rankB) return rankA[0] - rankB[0] || rankA[1] - rankB[1];
    if (rankA || rankB) return rankA ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

function deleteOption(context: UpdateContext, option: string): void {
  const { guest } = context;
  const value = guest.config[option];
  if (guest.type === 'lxc') {
    if (LXC_REQUIRED.has(option)) throw new Error(`unable to delete required option '${option}'`);
    if (option === 'unprivileged') throw new Error(`unable to delete read-only option: '${option}'`);
  }
  if (value === undefined) {
    context.log(`cannot delete '${option}' - not set in current configuration!`);
    return;
  }
  if (isVolumeKey(guest.type, option)) {
    const disk = parseDisk(guest.type, option, value);
    if (option.startsWith('unused')) {
      assertUnprotected(
        guest,
        guest.type === 'qemu'
          ? `can't remove unused disk '${disk.volid}'`
          : `can't remove CT ${guest.vmid} drive '${option}'`,
      );
      // The volume is freed: nothing else references it.
    } else {
      assertUnprotected(
        guest,
        guest.type === 'qemu'
          ? `can't remove drive '${option}'`
          : `can't remove CT ${guest.vmid} drive '${option}'`,
      );
      if (!disk.cdrom && !disk.cloudinit && parseVolumeId(disk.volid)) addUnusedVolume(guest, disk.volid);
    }
  }
  delete guest.config[option];
  if (guest.type === 'qemu') dropFromBootOrder(guest.config, option);
}

function setOption(context: UpdateContext, key: string, value: string): void {
  const { guest } = context;
  if (guest.type === 'lxc' && key === 'unprivileged' && guest.config[key] !== undefined) {
    throw new Error(`unable to modify read-only option: '${key}'`);
  }
  if (/^net\d+$/.test(key)) {
    guest.config[key] = normalizeNet(guest.type, key, value);
  } else if (key === 'tags') {
    guest.config[key] = uniqueTags(value);
  } else if (key === 'cipassword') {
    guest.config[key] = encryptPassword(value);
  } else if (isVolumeKey(guest.type, key) && !key.startsWith('unused')) {
    if (guest.type === 'lxc') {
      assertUnprotected(guest, `can't update CT ${guest.vmid} drive '${key}'`);
    }
    const created = createDisk(
      {
        state: context.state,
        node: guest.node,
        type: guest.type,
        vmid: guest.vmid,
        reserved: context.reserved ?? new Set(),
        ...(context.defaultStorage !== undefined && { defaultStorage: context.defaultStorage }),
      },
      key,
      value,
    );
    for (const line of created.log) context.log(line);
    const previous = guest.config[key];
    if (previous !== undefined) {
      const old = parseDisk(guest.type, key, previous);
      const replaced = parseDisk(guest.type, key, created.value).volid !== old.volid;
      if (replaced && !old.cdrom && !old.cloudinit && parseVolumeId(old.volid))
        addUnusedVolume(guest, old.volid);
    }
    guest.config[key] = created.value;
  } else {
    guest.config[key] = value;
  }
}

/** AbstractConfig::add_unused_volume: the first free `unusedN`, which it answers. */
export function addUnusedVolume(guest: Guest, volid: string): string {
  for (const [key, value] of Object.entries(guest.config)) {
    if (/^unused\d+$/.test(key) && parseDisk(guest.type, key, value).volid === volid) return key;
  }
  for (let index = 0; index < 256; index += 1) {
    if (guest.config[`unused${index}`] === undefined) {
      guest.config[`unused${index}`] = volid;
      return `unused${index}`;
    }
  }
  throw new Error('Too many unused volumes - please delete them first.');
}

function dropFromBootOrder(config: GuestConfig, device: string): void {
  const boot = config['boot'];
  if (boot === undefined) return;
  const parsed = parsePropertyString(QEMU_BOOT_FORMAT, boot);
  const order = splitList(parsed['order'] ?? '');
  if (!order.includes(device)) return;
  const rest = order.filter((entry) => entry !== device);
  if (rest.length === 0) delete config['boot'];
  else config['boot'] = printPropertyString({ order: rest.join(';') }, QEMU_BOOT_FORMAT);
}

/** PVE::GuestHelpers::get_unique_tags with the default tag style: lower-case, sorted, once each. */
export function uniqueTags(tags: string): string {
  return [...new Set(splitList(tags).map((tag) => tag.toLowerCase()))].sort().join(';');
}

/**
 * PVE::Tools::encrypt_pw: a SHA-256 crypt string. Only its shape matters to API
 * clients (GET …/config masks it), so a salted SHA-256 digest stands in for crypt(3).
 */
function encryptPassword(password: string): string {
  if (/^\$(?:[156]|2[ay])(\$.+){2}/.test(password)) return password;
  const salt = randomBytes(6).toString('base64url');
  const hash = createHash('sha256').update(`${salt}${password}`).digest('base64url');
  return `$5$${salt}$${hash}`;
}
