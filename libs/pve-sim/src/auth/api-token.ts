import { uriUnescape } from '../http/uri-unescape';

export { type ApiToken, DEFAULT_SIM_TOKEN } from './access-config';

/**
 * PVE::APIServer::Formatter::extract_auth_value: the value after `<key>=` (or
 * `<key> `) up to the next ';', URI-unescaped; the key may start the header or
 * follow whitespace, so one header can carry several keys.
 */
export function extractAuthValue(header: string | undefined, key: string): string | undefined {
  if (!header) return undefined;
  const value = keyPattern(key).exec(header)?.[1];
  return value ? uriUnescape(value) : undefined;
}

// Every request looks up the same few keys.
const keyPatterns = new Map<string, RegExp>();

function keyPattern(key: string): RegExp {
  let pattern = keyPatterns.get(key);
  if (!pattern) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?:^|\\s)${escaped}(?:=| )([^;]*)`);
    keyPatterns.set(key, pattern);
  }
  return pattern;
}

/** verify_token splits at the last '=': `^(.*)=(.*)$` is greedy. */
export function splitTokenValue(value: string): { tokenId: string; secret: string } | undefined {
  const separator = value.lastIndexOf('=');
  if (separator < 0) return undefined;
  return { tokenId: value.slice(0, separator), secret: value.slice(separator + 1) };
}
