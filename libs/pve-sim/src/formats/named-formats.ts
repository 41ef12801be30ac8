import { isPrivilege } from '../auth/privileges';
import { FIREWALL_FORMATS } from './firewall-formats';
import { IPCONFIG_FORMAT, QEMU_BOOT_FORMAT, QEMU_CPU_FORMAT } from './guest-property-formats';
import { parsePropertyString, type PropertyFormat, PropertyStringError } from './property-string';
import { CONFIGID, DNS_NAME, TAG, isIpv4, isIpv6, splitList } from './value-checks';

// PVE's registered formats (pve-common PVE::JSONSchema register_format, plus the ones
// qemu-server, pve-container and pve-access-control register) that the simulator's
// routes declare. Each check returns the text PVE dies with (after "invalid format - "),
// trailing newline included, or undefined when the value fits.

type FormatCheck = (value: string, path: string) => string | undefined;

function listOf(check: (item: string) => string | undefined): FormatCheck {
  return (value) => {
    for (const item of splitList(value)) {
      const problem = check(item);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function parseId(kind: string, id: string): string | undefined {
  if (id.length < 2) return `${kind} ID '${id}' cannot be shorter than 2 characters\n`;
  if (!/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(id)) return `${kind} ID '${id}' contains illegal characters\n`;
  return undefined;
}

const verifyVmid = (value: string) =>
  /^[1-9][0-9]{2,8}$/.test(value) ? undefined : 'value does not look like a valid VM ID\n';
const verifyConfigId = (value: string) =>
  CONFIGID.test(value) ? undefined : `invalid configuration ID '${value}'\n`;
const verifyDnsName = (value: string) =>
  DNS_NAME.test(value) ? undefined : 'value does not look like a valid DNS name\n';
const verifyAddress = (value: string) =>
  isIpv4(value) || isIpv6(value) || DNS_NAME.test(value)
    ? undefined
    : `value does not look like a valid address: ${value}\n`;

/** pve-common's `pve-startup-order`: `[order=]<n>[,up=<s>][,down=<s>]`. */
const STARTUP_FORMAT: PropertyFormat = {
  order: { type: 'integer', optional: true, defaultKey: true, minimum: 0 },
  up: { type: 'integer', optional: true, minimum: 0 },
  down: { type: 'integer', optional: true, minimum: 0 },
};

const STORAGE_CONTENT_TYPES = new Set(['images', 'rootdir', 'vztmpl', 'iso', 'backup', 'snippets', 'import']);
const verifyStorageContent = (value: string) =>
  STORAGE_CONTENT_TYPES.has(value) ? undefined : `invalid content type '${value}'\n`;

function propertyStringCheck(format: PropertyFormat): FormatCheck {
  return (value, path) => {
    try {
      parsePropertyString(format, value, path);
      return undefined;
    } catch (error: unknown) {
      if (error instanceof PropertyStringError) return error.message;
      throw error;
    }
  };
}

export const NAMED_FORMATS = {
  'pve-vmid': verifyVmid,
  'pve-node': (value: string) =>
    /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(value)
      ? undefined
      : 'value does not look like a valid node name\n',
  'pve-storage-id': (value: string) => parseId('storage', value),
  // pve-access-control PVE::AccessControl::verify_poolname.
  'pve-poolid': (value: string) =>
    /^[A-Za-z0-9.\-_]+$/.test(value) ? undefined : `pool name '${value}' contains invalid characters\n`,
  'dns-name': verifyDnsName,
  'dns-name-list': listOf(verifyDnsName),
  'address-list': listOf(verifyAddress),
  // pve-container: nameservers, IPv6 link-local ones with their interface (`fe80::1%eth0`).
  'lxc-ip-with-ll-iface-list': listOf((value) => {
    const [address, iface] = value.split('%', 2);
    return address !== undefined &&
      (isIpv4(address) || (isIpv6(address) && (iface === undefined || /^[\w.-]+$/.test(iface))))
      ? undefined
      : `unable to parse IP address '${value}'\n`;
  }),
  'pve-configid': verifyConfigId,
  'pve-configid-list': listOf(verifyConfigId),
  'pve-vmid-list': listOf(verifyVmid),
  'pve-tag-list': listOf((tag) => (TAG.test(tag) ? undefined : 'invalid characters in tag\n')),
  urlencoded: (value: string) =>
    /^[-%a-zA-Z0-9_.!~*'()]*$/.test(value) ? undefined : `invalid urlencoded string: ${value}\n`,
  'pve-qm-ipconfig': propertyStringCheck(IPCONFIG_FORMAT),
  'pve-qm-boot': propertyStringCheck(QEMU_BOOT_FORMAT),
  'pve-vm-cpu-conf': propertyStringCheck(QEMU_CPU_FORMAT),
  'pve-startup-order': (value: string, path: string) =>
    propertyStringCheck(STARTUP_FORMAT)(value, path) === undefined
      ? undefined
      : 'unable to parse startup options\n',
  // pve-storage PVE::Storage::Plugin::verify_content (a directory storage accepts every type).
  'pve-storage-content': verifyStorageContent,
  'pve-storage-content-list': listOf(verifyStorageContent),
  // pve-access-control pve_verify_realm and verify_privname.
  'pve-realm': (value: string) =>
    /^[A-Za-z][A-Za-z0-9.\-_]+$/.test(value) ? undefined : 'value does not look like a valid realm\n',
  'pve-priv-list': listOf((privilege) =>
    isPrivilege(privilege) ? undefined : `invalid privilege '${privilege}'\n`,
  ),
  'pve-task-status-type-list': listOf((status) =>
    /^(?:ok|error|warning|unknown)$/i.test(status) ? undefined : `invalid status '${status}'\n`,
  ),
  // pve-ha-manager PVE::HA::Tools::pve_verify_ha_resource_or_vm_id.
  'pve-ha-resource-or-vm-id': (value: string) =>
    /^(?:[a-z]+:\S+|\d+)$/.test(value) ? undefined : 'value does not look like a valid ha resource id\n',
  ...FIREWALL_FORMATS,
} as const satisfies Record<string, FormatCheck>;

export type NamedFormat = keyof typeof NAMED_FORMATS;

/** A parameter's format: a registered name, or a property-string format given inline. */
export type ParameterValueFormat = NamedFormat | PropertyFormat;

/** What PVE's check_format says about `value`; the text follows "invalid format - ". */
export function formatProblem(format: ParameterValueFormat, value: string, path: string): string | undefined {
  if (typeof format === 'string') return NAMED_FORMATS[format](value, path);
  return propertyStringCheck(format)(value, path);
}
