// Value checks behind PVE's registered formats (pve-common PVE::JSONSchema), shared by
// the parameter formats and the property-string formats of guest config keys. Messages
// are PVE's, trailing newline included, as they follow "invalid format - ".

export const CONFIGID = /^[a-z][a-z0-9_-]+$/i;
export const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;
const DNS_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
export const DNS_NAME = new RegExp(`^(?:${DNS_LABEL}\\.)*${DNS_LABEL}$`);
const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const IPV6 = /^(?=.*:)[0-9a-fA-F:]+(?:\.\d+\.\d+\.\d+\.\d+)?$/;

/** PVE's split_list: commas, semicolons and whitespace separate list items. */
export function splitList(text: string): string[] {
  if (text.includes('\0')) return text.split('\0');
  return text
    .replace(/[,;]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((item) => item !== '');
}

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIpv6(value: string): boolean {
  return IPV6.test(value) && value.split('::').length <= 2;
}

/** `10.0.0.5/24`. */
export function isIpv4Cidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  return (
    rest.length === 0 &&
    address !== undefined &&
    isIpv4(address) &&
    /^\d+$/.test(prefix ?? '') &&
    Number(prefix) <= 32
  );
}

export function isIpv6Cidr(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  return (
    rest.length === 0 &&
    address !== undefined &&
    isIpv6(address) &&
    /^\d+$/.test(prefix ?? '') &&
    Number(prefix) <= 128
  );
}

/** `pve-ipv4-config`: `dhcp`, `manual` or an address in CIDR notation. */
export const verifyIpv4Config = (value: string): string | undefined =>
  /^(?:dhcp|manual)$/.test(value) || isIpv4Cidr(value)
    ? undefined
    : 'value does not look like a valid ipv4 network configuration\n';
export const verifyIpv6Config = (value: string): string | undefined =>
  /^(?:auto|dhcp|manual)$/.test(value) || isIpv6Cidr(value)
    ? undefined
    : 'value does not look like a valid ipv6 network configuration\n';
export const verifyIpv4 = (value: string): string | undefined =>
  isIpv4(value) ? undefined : 'value does not look like a valid IPv4 address\n';
export const verifyIpv6 = (value: string): string | undefined =>
  isIpv6(value) ? undefined : 'value does not look like a valid IPv6 address\n';
/** PVE refuses multicast MACs (I/G bit set). */
export const verifyMacAddress = (value: string): string | undefined =>
  /^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i.test(value)
    ? undefined
    : 'value does not look like a valid unicast MAC address\n';
