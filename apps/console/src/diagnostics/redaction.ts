import { isSecretKey, REDACTED, redactUrlCredentials } from '@proxmox-mpc/telemetry';

// Secrets that can hide inside text (a log message, an error quoted from a library):
// bearer tokens, Proxmox API token headers and ticket cookies, the platform's API tokens.
const SECRET_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/\b(bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/\bPVEAPIToken=[^\s"',;]+/g, `PVEAPIToken=${REDACTED}`],
  [/\b(PVEAuthCookie=)[^\s"',;]+/g, `$1${REDACTED}`],
  [/\bmpc_[A-Za-z0-9_-]{16,}/g, `mpc_${REDACTED}`],
];

function scrubText(text: string, known: readonly string[]): string {
  let scrubbed = redactUrlCredentials(text);
  for (const [pattern, replacement] of SECRET_TEXT) scrubbed = scrubbed.replace(pattern, replacement);
  for (const secret of known) scrubbed = scrubbed.split(secret).join(REDACTED);
  return scrubbed;
}

/**
 * A copy of `value` fit to leave the operator's hands (a bug report): every secret-named
 * field replaced (the same rule as logs and the audit log), and in all text the
 * credentials of URLs, bearer and Proxmox tokens, API tokens and the `known` secrets the
 * console itself holds. Services redact before they send; this is the second line.
 */
export function scrubbed<T>(value: T, known: readonly string[] = [], depth = 0): T {
  if (typeof value === 'string') return scrubText(value, known) as T;
  if (depth > 30 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, known, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      isSecretKey(key) ? REDACTED : scrubbed(item, known, depth + 1),
    ]),
  ) as T;
}
