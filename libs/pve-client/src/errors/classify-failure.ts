import { type PveApiErrorCode, PveApiError } from './pve-api-error';

// pve-http-server's proxy answers 595/596 when it cannot reach the node that owns the
// resource; 502-504 come from a reverse proxy in front of the cluster.
const UNREACHABLE_STATUSES = new Set([502, 503, 504, 595, 596]);

// PVE reports these with a plain 500; the reason tells what it means. Sources:
// PVE::AbstractConfig::load_config, PVE::Network::get_ip_from_hostname (a node outside
// the cluster), pve-container's "CT 200 already running" / "not running",
// PVE::AbstractConfig::check_lock.
const NOT_FOUND_REASONS = [
  /^Configuration file '[^']+' does not exist/,
  /^hostname lookup '[^']+' failed/,
  // AbstractConfig snapshot lookups, PVE::Cluster::check_node_exists, pve-storage.
  /^snapshot '[^']+' does not exist/,
  /^no such cluster node '[^']+'/,
  /^storage '[^']+' does not exist/,
  /^can't find file '[^']+'/,
];
const CONFLICT_REASONS = [
  / already running$/,
  / not running$/,
  / is locked \(/,
  // PVE::Cluster::check_vmid_unused; qemu-server's config digest check and PVE::Tools::assert_if_modified.
  / already exists on node '[^']+'$/,
  /^unable to create VM \d+: config file already exists/,
  /^checksum mismatch \(file change by other user\?\)/,
  /^detected modified configuration - file changed by other user\?/,
  // AbstractConfig::check_protection.
  / - protection mode enabled$/,
  // Operations a running guest refuses (qemu-server, pve-container).
  / is running - destroy failed$/,
  / - container is running$/,
  /^can't migrate running (?:VM|container) without --online/,
  /^you can't convert a (?:VM|CT) to template if the (?:VM|CT) is running$|^you can't convert a VM to template if VM is running$/,
];

// Node's and undici's codes for a certificate or handshake that failed.
const TLS_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);
const TLS_ERROR_CODE_PREFIXES = ['ERR_TLS_', 'ERR_SSL_'];
const TIMEOUT_ERROR_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** An answer PVE sent with a non-2xx status: `{"data":null,"message":…,"errors":{…}}`, or no body at all. */
export function errorFromResponse(
  label: string,
  status: number,
  statusText: string,
  body: string,
): PveApiError {
  const parsed = parseErrorBody(body);
  const reason = (parsed.message ?? statusText).trim();
  const errors = parsed.errors;
  const detail = errors
    ? `${reason} (${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')})`
    : reason;
  return new PveApiError({
    code: codeForStatus(status, reason),
    message: `${label}: ${detail || `HTTP ${status}`}`,
    status,
    reasonGiven: reason !== '' && reason !== 'Internal Server Error',
    ...(errors && { errors }),
  });
}

/** A request that got no answer: refused, reset, timed out or stopped by TLS. */
export function errorFromTransport(label: string, error: unknown): PveApiError {
  const code = codeForTransport(error);
  const text = messageOf(error);
  return new PveApiError({
    code,
    message: `${label}: ${code === 'TLS' ? `TLS: ${text}` : text}`,
    cause: error,
  });
}

export function timeoutError(label: string, timeoutMs: number): PveApiError {
  return new PveApiError({ code: 'TIMEOUT', message: `${label}: no answer within ${timeoutMs} ms` });
}

function codeForStatus(status: number, reason: string): PveApiErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 500:
      if (NOT_FOUND_REASONS.some((pattern) => pattern.test(reason))) return 'NOT_FOUND';
      if (CONFLICT_REASONS.some((pattern) => pattern.test(reason))) return 'CONFLICT';
      return 'SERVER_ERROR';
  }
  if (UNREACHABLE_STATUSES.has(status)) return 'UNREACHABLE';
  return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'SERVER_ERROR';
}

function codeForTransport(error: unknown): PveApiErrorCode {
  for (const code of errorCodes(error)) {
    if (TLS_ERROR_CODES.has(code) || TLS_ERROR_CODE_PREFIXES.some((prefix) => code.startsWith(prefix)))
      return 'TLS';
    if (TIMEOUT_ERROR_CODES.has(code)) return 'TIMEOUT';
  }
  return 'UNREACHABLE';
}

/**
 * The `code` of an error and of every error in its cause chain (undici wraps socket
 * errors). Read by shape, not `instanceof`: socket errors come from Node's own realm,
 * which differs from the caller's under test runners such as Jest.
 */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; isObject(current) && depth < 10; current = current['cause'], depth++) {
    if (typeof current['code'] === 'string') codes.push(current['code']);
  }
  return codes;
}

function messageOf(error: unknown): string {
  return isObject(error) && typeof error['message'] === 'string' ? error['message'] : String(error);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parseErrorBody(body: string): { message?: string; errors?: Record<string, string> } {
  if (body.trim() === '') return {};
  try {
    const parsed = JSON.parse(body) as { message?: unknown; errors?: unknown };
    return {
      ...(typeof parsed.message === 'string' && { message: parsed.message }),
      ...(isStringRecord(parsed.errors) && { errors: trimValues(parsed.errors) }),
    };
  } catch {
    // Proxies in front of PVE answer with HTML; the status line still says what happened.
    return {};
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** PVE keeps the newline of Perl's `die` in its messages. */
function trimValues(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([name, text]) => [name, text.trim()]));
}
