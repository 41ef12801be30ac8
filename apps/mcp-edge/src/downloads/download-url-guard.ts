import { BlockList, isIP } from 'node:net';
import { HandlerError } from '@proxmox-mpc/bus';
import { HostResolver } from './host-resolver';
import { parseNetwork } from './download-allow-list';

/** Address ranges a download may not reach unless allowed: this host, its links, private networks. */
const FORBIDDEN: ReadonlyArray<{ network: string; what: string }> = [
  { network: '0.0.0.0/8', what: 'this network' },
  { network: '127.0.0.0/8', what: 'loopback' },
  { network: '10.0.0.0/8', what: 'private' },
  { network: '172.16.0.0/12', what: 'private' },
  { network: '192.168.0.0/16', what: 'private' },
  { network: '100.64.0.0/10', what: 'shared (carrier-grade NAT)' },
  { network: '169.254.0.0/16', what: 'link-local' },
  { network: '224.0.0.0/4', what: 'multicast' },
  { network: '240.0.0.0/4', what: 'reserved' },
  { network: '::/128', what: 'unspecified' },
  { network: '::1/128', what: 'loopback' },
  { network: 'fe80::/10', what: 'link-local' },
  { network: 'fc00::/7', what: 'unique-local' },
  { network: 'ff00::/8', what: 'multicast' },
];

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::/96`) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(
    address,
  );
  if (!match) return undefined;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2] ?? '0', 16);
  const low = Number.parseInt(match[3] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

function blockListOf(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of networks) {
    const network = parseNetwork(text);
    if (network) list.addSubnet(network.address, network.prefix, network.family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/**
 * What URL the platform may ask a Proxmox node to download: http or https, no
 * credentials, and a host that resolves only to public addresses, unless the host name
 * or the network it resolves into is on MCP_DOWNLOAD_ALLOWED_HOSTS. The node fetches the
 * URL itself and resolves the name again with its own DNS, which may answer differently
 * (split-horizon DNS, a rebinding attacker): the check keeps honest mistakes and obvious
 * abuse out, it cannot see what the node will see.
 */
export class DownloadUrlGuard {
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly allowedNetworks: BlockList;
  private readonly forbidden = FORBIDDEN.map((range) => ({ ...range, list: blockListOf([range.network]) }));

  constructor(
    allowed: readonly string[],
    private readonly resolver: HostResolver,
  ) {
    this.allowedHosts = new Set(
      allowed.filter((entry) => !parseNetwork(entry)).map((entry) => entry.toLowerCase()),
    );
    this.allowedNetworks = blockListOf(allowed.filter((entry) => parseNetwork(entry)));
  }

  /** The URL, or a FORBIDDEN refusal saying which rule it broke. */
  async check(text: string): Promise<URL> {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refusal(`only http and https URLs are downloaded, not ${url.protocol.replace(/:$/, '')}`);
    }
    if (url.username || url.password) {
      throw refusal("a URL with credentials is refused: they would show in Proxmox's task log");
    }
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowedHosts.has(host)) return url;
    const addresses = isIP(host) ? [host] : await this.resolver.resolve(host).catch(() => []);
    if (addresses.length === 0) throw refusal(`${host} does not resolve to any address`);
    for (const address of addresses) {
      const problem = this.problemWith(address);
      if (problem)
        throw refusal(
          `${host} resolves to ${address}, a ${problem} address; downloads from there must be allowed in MCP_DOWNLOAD_ALLOWED_HOSTS`,
        );
    }
    return url;
  }

  /** Which forbidden range holds the address, unless an allowed network does. */
  private problemWith(address: string): string | undefined {
    const v4 = isIP(address) === 4 ? address : embeddedIpv4(address);
    const [candidate, family] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
    if (this.allowedNetworks.check(candidate, family)) return undefined;
    return this.forbidden.find((range) => range.list.check(candidate, family))?.what;
  }
}

function refusal(message: string): HandlerError {
  return new HandlerError('FORBIDDEN', message, false);
}
