/**
 * Whether a state-changing request comes from a page of this origin: the browser's
 * `Origin` (or, from browsers that omit it, the `Referer`) names the same host the request
 * was sent to. With the SameSite=Strict cookie and the synchronizer token this is the
 * third, independent defence against cross-site requests.
 */
export function isSameOrigin(headers: { host?: string; origin?: string; referer?: string }): boolean {
  const host = headers.host;
  if (!host) return false;
  const claimed = headers.origin ?? headers.referer;
  if (!claimed || claimed === 'null') return false;
  try {
    return new URL(claimed).host === host;
  } catch {
    return false;
  }
}

/** Whether the `Host` header names an allowed host (DNS-rebinding protection); an empty list allows any. */
export function isAllowedHost(host: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  if (!host) return false;
  try {
    return allowed.includes(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}
