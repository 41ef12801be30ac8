export const REDACTED = '[REDACTED]';

// Key endings that hold credentials anywhere in the platform: Proxmox token secrets,
// bearer tokens, cloud-init passwords, cookies and CSRF tokens. `tokenId` and similar
// identifiers end differently and stay readable.
const SECRET_KEY_ENDINGS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'privatekey',
  'credentials',
];

// Every log line, event and audit row asks about the same few hundred keys: the answers
// are kept (up to a bound, in case keys come from data) instead of normalising each again.
const MAX_KNOWN_KEYS = 10_000;
const knownKeys = new Map<string, boolean>();

export function isSecretKey(key: string): boolean {
  const known = knownKeys.get(key);
  if (known !== undefined) return known;
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  const secret = SECRET_KEY_ENDINGS.some((ending) => normalized.endsWith(ending));
  if (knownKeys.size < MAX_KNOWN_KEYS) knownKeys.set(key, secret);
  return secret;
}

/**
 * `value` with every secret-named field replaced by `[REDACTED]`. Used for logs, events
 * and audit rows alike, so one list decides what is a secret. Its input is never changed:
 * the objects and arrays on the way to a secret are copied, the rest is shared, and a value
 * that holds no secret (most do not) comes back as it is, with nothing allocated.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > 20 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, index) => {
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (copy ??= [...value])[index] = redacted;
    });
    return (copy ?? value) as T;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const redacted = isSecretKey(key) ? REDACTED : redactSecrets(item, depth + 1);
    if (redacted !== item) (copy ??= { ...object })[key] = redacted;
  }
  return (copy ?? value) as T;
}

// The user-info part of a URL (`scheme://user:password@`, `scheme://token@`): a NATS URL
// carries its token as the user name, so all of it goes.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** `text` with the credentials of every URL in it replaced: `postgres://[REDACTED]@db:5432/mpc`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}
