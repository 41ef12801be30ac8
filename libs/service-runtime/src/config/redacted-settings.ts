import { isSecretKey, REDACTED, redactUrlCredentials } from '@proxmox-mpc/telemetry';
import { SECRET_FILE_SETTINGS } from './base-config';

const SECRET_SETTINGS: ReadonlySet<string> = new Set(SECRET_FILE_SETTINGS);

/**
 * A service's settings as text for people (a diagnostic bundle): every setting that holds
 * a secret replaced, and the credentials of any URL in a value (NATS_URL's password or
 * token, DATABASE_URL's password) removed, so the rest of the URL still helps.
 */
export function redactedSettings(config: object): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const wholeSecret = isSecretKey(name) || (SECRET_SETTINGS.has(name) && !/^[a-z]+:\/\//i.test(text));
    shown[name] = wholeSecret ? REDACTED : redactUrlCredentials(text);
  }
  return shown;
}
