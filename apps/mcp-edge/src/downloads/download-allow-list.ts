import { isIP } from 'node:net';
import { z } from 'zod';

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** An address or network in CIDR form: `10.20.0.0/16`, `fd00::/8`, `192.0.2.7`. */
export function parseNetwork(text: string): { address: string; prefix: number; family: 4 | 6 } | undefined {
  const [address = '', prefixText, ...rest] = text.split('/');
  const family = isIP(address);
  if (rest.length > 0 || family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) return undefined;
  return { address, prefix, family: family as 4 | 6 };
}

/**
 * An entry of MCP_DOWNLOAD_ALLOWED_HOSTS: a host name downloads may reach whatever it
 * resolves to, or a network whose addresses they may reach. (A module of its own, with no
 * platform imports: the config validates the setting with it.)
 */
export const DownloadAllowEntrySchema = z
  .string()
  .refine(
    (value) => parseNetwork(value) !== undefined || HOST_NAME.test(value),
    'expected a host name such as "mirror.lan" or a network such as "10.20.0.0/16"',
  );
