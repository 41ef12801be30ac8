import { isIpv4, isIpv4Cidr, isIpv6, isIpv6Cidr } from './value-checks';

// pve-firewall PVE/Firewall.pm's registered formats and the name tables behind them
// (/etc/protocols, /etc/services, the ICMP type names). The tables hold the entries a
// PVE host knows that clients use; the simulator does not read a host's files.

const ALIAS_OR_NAME = /^(?:dc\/|guest\/)?[A-Za-z][A-Za-z0-9\-_]+$/;
const MAX_ALIAS_NAME = 64;
const MAX_IPSET_NAME = 64;

/** /etc/protocols names and numbers (any number 0..255 is a protocol). */
const PROTOCOLS = new Set([
  'ip',
  'icmp',
  'igmp',
  'ipencap',
  'tcp',
  'egp',
  'igp',
  'udp',
  'ipv6',
  'ipv6-route',
  'ipv6-frag',
  'idrp',
  'rsvp',
  'gre',
  'esp',
  'ah',
  'skip',
  'ipv6-icmp',
  'icmpv6',
  'ipv6-nonxt',
  'ipv6-opts',
  'vrrp',
  'l2tp',
  'sctp',
  'udplite',
  'ospf',
  'ipip',
  'pim',
  'dccp',
]);

/** Protocols whose rules may name ports (pve-firewall's $PROTOCOLS_WITH_PORTS). */
export const PROTOCOLS_WITH_PORTS = new Set([
  'udp',
  '17',
  'udplite',
  '136',
  'tcp',
  '6',
  'dccp',
  '33',
  'sctp',
  '132',
]);

/** /etc/services names of a Debian host that rules use by name. */
const SERVICES = new Set([
  'ftp',
  'ftp-data',
  'ssh',
  'telnet',
  'smtp',
  'domain',
  'bootps',
  'bootpc',
  'tftp',
  'http',
  'pop3',
  'ntp',
  'imap2',
  'imap',
  'snmp',
  'ldap',
  'https',
  'submission',
  'syslog',
  'ldaps',
  'imaps',
  'pop3s',
  'openvpn',
  'mysql',
  'rdp',
  'postgresql',
  'sip',
  'vnc',
  'x11',
  'http-alt',
  'webmin',
  'rsync',
  'git',
  'nfs',
  'kerberos',
]);

export const ICMP_TYPES = new Set([
  'any',
  'echo-reply',
  'destination-unreachable',
  'network-unreachable',
  'host-unreachable',
  'protocol-unreachable',
  'port-unreachable',
  'fragmentation-needed',
  'source-route-failed',
  'network-unknown',
  'host-unknown',
  'network-prohibited',
  'host-prohibited',
  'TOS-network-unreachable',
  'TOS-host-unreachable',
  'communication-prohibited',
  'host-precedence-violation',
  'precedence-cutoff',
  'source-quench',
  'redirect',
  'network-redirect',
  'host-redirect',
  'TOS-network-redirect',
  'TOS-host-redirect',
  'echo-request',
  'router-advertisement',
  'router-solicitation',
  'time-exceeded',
  'ttl-zero-during-transit',
  'ttl-zero-during-reassembly',
  'parameter-problem',
  'ip-header-bad',
  'required-option-missing',
  'timestamp-request',
  'timestamp-reply',
  'address-mask-request',
  'address-mask-reply',
]);

export const ICMPV6_TYPES = new Set([
  'destination-unreachable',
  'no-route',
  'communication-prohibited',
  'beyond-scope',
  'address-unreachable',
  'port-unreachable',
  'failed-policy',
  'reject-route',
  'packet-too-big',
  'time-exceeded',
  'ttl-zero-during-transit',
  'ttl-zero-during-reassembly',
  'parameter-problem',
  'bad-header',
  'unknown-header-type',
  'unknown-option',
  'echo-request',
  'echo-reply',
  'router-solicitation',
  'router-advertisement',
  'neighbor-solicitation',
  'neighbour-solicitation',
  'neighbor-advertisement',
  'neighbour-advertisement',
  'redirect',
]);

/** An IP, CIDR or range (`a-b`) as Net::IP reads it; the IP version, or undefined. */
function ipVersionOf(element: string): 4 | 6 | undefined {
  const [first, second, ...rest] = element.split('-');
  if (rest.length > 0 || first === undefined) return undefined;
  const single = (value: string): 4 | 6 | undefined =>
    isIpv4(value) || isIpv4Cidr(value) ? 4 : isIpv6(value) || isIpv6Cidr(value) ? 6 : undefined;
  const version = single(first);
  if (second === undefined) return version;
  return version !== undefined && version === single(second) && !first.includes('/') && !second.includes('/')
    ? version
    : undefined;
}

/**
 * parse_address_list: an ipset (`+name`), an alias, or IPs/CIDRs/one range of one IP
 * version. Answers the IP version of a list of addresses; dies with PVE's text otherwise.
 */
export function parseAddressList(text: string): 4 | 6 | undefined {
  if (/^\+\S+$/.test(text)) {
    if (text.length > MAX_IPSET_NAME + 1) throw new Error('ipset name too long');
    return undefined;
  }
  if (ALIAS_OR_NAME.test(text)) {
    if (text.length > MAX_ALIAS_NAME) throw new Error('alias name too long');
    return undefined;
  }
  const elements = text.split(',');
  if (elements.some((element) => element === '')) throw new Error('extraneous commas in list');
  let version: 4 | 6 | undefined;
  for (const element of elements) {
    const found = ipVersionOf(element);
    if (found === undefined) throw new Error(`invalid IP address: Invalid IP ${element}`);
    if (version !== undefined && found !== version)
      throw new Error(`detected mixed ipv4/ipv6 addresses in address list '${text}'`);
    version = found;
  }
  if (elements.length > 1 && elements.some((element) => element.includes('-')))
    throw new Error("you can't use a range in a list");
  return version;
}

/** parse_port_name_number_or_range; `dport` also takes ICMP type names, as older rules stored them there. */
export function parsePorts(text: string, dport: boolean): void {
  const elements = text.split(',');
  if (elements.some((element) => element === '')) throw new Error('extraneous commas in list');
  let count = 0;
  let icmp = false;
  for (const item of elements) {
    const range = /^(\d+):(\d+)$/.exec(item);
    if (range) {
      count += 2;
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > 65535) throw new Error(`invalid port '${range[1]}'`);
      if (to > 65535) throw new Error(`invalid port '${range[2]}'`);
      if (from > to)
        throw new Error(`backwards range '${from}:${to}' not allowed, did you mean '${to}:${from}'?`);
    } else if (/^\d+$/.test(item)) {
      count += 1;
      if (Number(item) > 65535) throw new Error(`invalid port '${item}'`);
    } else if (dport && (ICMP_TYPES.has(item) || ICMPV6_TYPES.has(item))) {
      icmp = true;
    } else if (!SERVICES.has(item)) {
      throw new Error(`invalid port '${item}'`);
    }
  }
  if (icmp && count > 0) throw new Error('ICMP ports not allowed in port range');
  if (count > 15) throw new Error('too many entries in port list (> 15 numbers)');
}

export function isProtocol(proto: string): boolean {
  return PROTOCOLS.has(proto) || (/^\d+$/.test(proto) && Number(proto) <= 255);
}

/** A format check's text after "invalid format - ", or undefined when the value fits. */
function problemOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error: unknown) {
    return `${(error as Error).message}\n`;
  }
}

export const FIREWALL_FORMATS = {
  'pve-fw-addr-spec': (value: string) => problemOf(() => parseAddressList(value)),
  'pve-fw-dport-spec': (value: string) => problemOf(() => parsePorts(value, true)),
  'pve-fw-sport-spec': (value: string) => problemOf(() => parsePorts(value, false)),
  'pve-fw-protocol-spec': (value: string) =>
    value === '' || isProtocol(value) ? undefined : `unknown protocol '${value}'\n`,
  'pve-fw-icmp-type-spec': (value: string) =>
    value === '' || ICMP_TYPES.has(value) || ICMPV6_TYPES.has(value)
      ? undefined
      : `invalid icmp-type value '${value}'\n`,
  // pve-common pve_verify_iface.
  'pve-iface': (value: string) =>
    /^[a-z][a-z0-9_]{1,20}(?:[:.]\d+)?$/i.test(value)
      ? undefined
      : `invalid network interface name '${value}'\n`,
} as const;
