import {
  ICMP_TYPES,
  ICMPV6_TYPES,
  PROTOCOLS_WITH_PORTS,
  parseAddressList,
} from '../../formats/firewall-formats';
import { PveHttpError } from '../../http/pve-http-error';
import type { FirewallRule } from '../../state/firewall-state';

// pve-firewall PVE/Firewall.pm copy_rule_data and verify_rule, for what the simulator
// stores: rule types per scope, actions, macros, interfaces, ports and addresses. The
// simulated cluster defines no aliases, ipsets or security groups, so a rule naming one
// is refused as PVE refuses a name it does not know.

/** Where a rule lives, as verify_rule names it. */
export type RuleEnvironment = 'cluster' | 'host' | 'vm' | 'ct';

const DIRECTIONS: Readonly<Record<RuleEnvironment, readonly string[]>> = {
  cluster: ['in', 'out', 'forward', 'group'],
  host: ['in', 'out', 'forward', 'group'],
  vm: ['in', 'out', 'group'],
  ct: ['in', 'out', 'group'],
};

/** pve-firewall's macro names, in its spelling (a rule's macro is matched ignoring case). */
const MACROS = [
  'Amanda',
  'Auth',
  'BGP',
  'BitTorrent',
  'BitTorrent32',
  'Ceph',
  'CVS',
  'Citrix',
  'DAAP',
  'DCC',
  'DHCPfwd',
  'DNS',
  'Distcc',
  'FTP',
  'Finger',
  'GNUnet',
  'GRE',
  'Git',
  'HKP',
  'HTTP',
  'HTTPS',
  'ICPV2',
  'ICQ',
  'IMAP',
  'IMAPS',
  'IPIP',
  'IPsec',
  'IPsecah',
  'IPsecnat',
  'IRC',
  'Jetdirect',
  'L2TP',
  'LDAP',
  'LDAPS',
  'MSNP',
  'MSSQL',
  'Mail',
  'MDNS',
  'Munin',
  'MySQL',
  'NNTP',
  'NNTPS',
  'NTP',
  'OSPF',
  'OpenVPN',
  'PCA',
  'PMG',
  'POP3',
  'POP3S',
  'PPtP',
  'Ping',
  'PostgreSQL',
  'Printer',
  'RDP',
  'RIP',
  'RNDC',
  'Razor',
  'Rdate',
  'Rsync',
  'SANE',
  'SMB',
  'SMBswat',
  'SMTP',
  'SMTPS',
  'SNMP',
  'SPAMD',
  'SSH',
  'SVN',
  'SixXS',
  'SPICEproxy',
  'Squid',
  'Submission',
  'Syslog',
  'TFTP',
  'Telnet',
  'Telnets',
  'Time',
  'Trcrt',
  'VNC',
  'VNCL',
  'Web',
  'Webcache',
  'Webmin',
  'Whois',
];
const MACRO_BY_LOWER_NAME = new Map(MACROS.map((name) => [name.toLowerCase(), name]));

/** The rule properties copy_rule_data takes from a request. */
const RULE_KEYS = [
  'type',
  'action',
  'macro',
  'source',
  'dest',
  'proto',
  'dport',
  'sport',
  'comment',
  'log',
  'iface',
  'enable',
  'icmp-type',
];

const isIcmp = (proto: string | undefined): boolean =>
  proto === 'icmp' || proto === 'icmpv6' || proto === 'ipv6-icmp';

/** copy_rule_data then verify_rule: the rule to store, or a 400 naming the first bad parameter. */
export function verifiedRule(params: Readonly<Record<string, string>>, env: RuleEnvironment): FirewallRule {
  const rule: FirewallRule = {};
  for (const key of RULE_KEYS) {
    const value = params[key];
    if (value !== undefined && value !== '' && value !== '-') rule[key] = value;
  }
  const refuse = (name: string, message: string): never => {
    throw PveHttpError.parameters({ [name]: message });
  };
  const { type, action, proto } = rule;
  if (!type) refuse('type', 'missing property');
  if (!action) refuse('action', 'missing property');
  if (type && !DIRECTIONS[env].includes(type))
    refuse('type', `invalid rule type '${type}' for rule_env '${env}'`);
  if (type === 'group') {
    // No security group exists in the simulated cluster.
    refuse('action', `no such security group '${action}'`);
  } else if (type === 'forward' && action === 'REJECT') {
    refuse('action', 'cannot define REJECT rules on forward chain');
  } else if (action && !/^(?:ACCEPT|DROP|REJECT)$/.test(action)) {
    refuse('action', `unknown action '${action}'`);
  }
  const iface = rule['iface'];
  if (iface && (env === 'vm' || env === 'ct') && !/^net\d+$/.test(iface))
    refuse('iface', "value does not match the regex pattern 'net\\d+'");
  const macro = rule['macro'];
  if (macro) {
    const preferred = MACRO_BY_LOWER_NAME.get(macro.toLowerCase());
    if (!preferred) refuse('macro', `unknown macro '${macro}'`);
    else rule['macro'] = preferred;
  }
  for (const ports of ['dport', 'sport'] as const) {
    if (!rule[ports]) continue;
    if (!proto) refuse('proto', `missing property - '${ports}' requires this property`);
    if (proto && !PROTOCOLS_WITH_PORTS.has(proto) && !(ports === 'dport' && isIcmp(proto)))
      refuse(ports, `protocol '${proto}' does not support ports`);
  }
  const icmpType = rule['icmp-type'];
  if (icmpType) {
    if (!isIcmp(proto)) refuse('proto', "missing property - 'icmp-type' requires this property");
    if (rule['dport']) refuse('icmp-type', "'icmp-type' cannot be specified together with 'dport'");
    if (proto === 'icmp' && !ICMP_TYPES.has(icmpType))
      refuse('icmp-type', `invalid icmp-type '${icmpType}' for proto 'icmp'`);
    if (proto !== 'icmp' && !ICMPV6_TYPES.has(icmpType))
      refuse('icmp-type', `invalid icmp-type '${icmpType}' for proto '${proto}'`);
  }
  let ipversion: number | undefined;
  for (const side of ['source', 'dest'] as const) {
    const value = rule[side];
    if (!value) continue;
    if (value.startsWith('+'))
      refuse(side, `no such ipset '${value.slice(1).replace(/^(?:guest|dc|sdn)\//, '')}'`);
    const version = parseAddressList(value);
    if (version === undefined) refuse(side, `no such alias '${value}'`);
    if (ipversion !== undefined && version !== ipversion)
      throw PveHttpError.failed('detected mixed ipv4/ipv6 addresses in rule');
    ipversion = version;
  }
  if (proto === 'icmp') ipversion ??= 4;
  if (proto === 'icmpv6' || proto === 'ipv6-icmp') ipversion ??= 6;
  if (ipversion !== undefined) rule['ipversion'] = String(ipversion);
  rule['enable'] ??= '0';
  return rule;
}

/** A rule as the API lists it: integers as numbers, its position, and the rule set's digest. */
export function ruleView(rule: FirewallRule, pos: number, digest: string): Record<string, string | number> {
  const view: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(rule))
    view[key] = key === 'enable' || key === 'ipversion' ? Number(value) : value;
  return { ...view, pos, digest };
}
