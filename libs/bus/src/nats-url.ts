import type { ConnectionOptions } from '@nats-io/transport-node';

/**
 * Connection options from a NATS URL. The client ignores credentials written in the
 * URL, so they are taken out here: `nats://user:password@host:4222` authenticates as a
 * user, `nats://token@host:4222` with a token.
 */
export function natsConnectionOptions(
  url: string,
): Pick<ConnectionOptions, 'servers' | 'user' | 'pass' | 'token'> {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const servers = parsed.toString().replace(/\/$/, '');
  if (user && pass) return { servers, user, pass };
  if (user) return { servers, token: user };
  return { servers };
}
