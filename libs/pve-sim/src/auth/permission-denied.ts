import { PveHttpError } from '../http/pve-http-error';

/** PVE::Exception::raise_perm_exc: 403 "Permission check failed (…)". */
export function permissionDenied(what?: string): PveHttpError {
  return new PveHttpError(403, `Permission check failed${what ? ` (${what})` : ''}\n`);
}
