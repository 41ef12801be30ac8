import type { ConnectionOptions } from '@nats-io/transport-node';

/**
 * The subject prefix a user's replies arrive under: `_INBOX_<user>`. With every user on
 * the shared `_INBOX`, a user allowed to subscribe to its replies (`_INBOX.>`) could read
 * every other user's replies too; the deployment's NATS config instead allows each user
 * only its own prefix. Characters that cannot be part of one subject token become `_`.
 */
export function inboxPrefixFor(user: string): string {
  return `_INBOX_${user.replace(/[.*>\s]/g, '_')}`;
}

/**
 * Connection options from a NATS URL. The client ignores credentials written in the
 * URL, so they are taken out here: `nats://user:password@host:4222` authenticates as a
 * user (whose replies come under its own inbox prefix), `nats://token@host:4222` with a
 * token.
 */
export function natsConnectionOptions(
  url: string,
): Pick<ConnectionOptions, 'servers' | 'user' | 'pass' | 'token' | 'inboxPrefix'> {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const servers = parsed.toString().replace(/\/$/, '');
  if (user && pass) return { servers, user, pass, inboxPrefix: inboxPrefixFor(user) };
  if (user) return { servers, token: user };
  return { servers };
}
