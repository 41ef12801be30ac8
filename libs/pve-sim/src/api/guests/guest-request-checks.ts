import type { AuthIdentity } from '../../auth/user-id';
import { PveHttpError } from '../../http/pve-http-error';
import { uriUnescape } from '../../http/uri-unescape';

// Checks several guest handlers share, before they load anything.

/** `skiplock` is root@pam's alone; an API token, even root's, is refused (qemu-server). */
export function assertSkiplockAllowed(
  identity: AuthIdentity,
  params: Readonly<Record<string, string>>,
): void {
  if (params['skiplock'] === '1' && identity.authId !== 'root@pam') {
    throw PveHttpError.parameters({ skiplock: 'Only root may use this option.' });
  }
}

// What ssh-keygen -l accepts as one public key line: a key type and base64 data.
const SSH_PUBLIC_KEY =
  /^(?:(?:[^\s"]+|"[^"]*")\s+)?(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+[A-Za-z0-9+/]+={0,3}(?:\s.*)?$/;

/**
 * PVE::Tools::validate_ssh_public_keys (qemu's `sshkeys` arrive URL-encoded, the
 * container's `ssh-public-keys` plain): every non-empty line must be a public key.
 */
export function validateSshPublicKeys(raw: string, urlEncoded: boolean): void {
  const text = urlEncoded ? uriUnescape(raw) : raw;
  for (const line of text.split('\n')) {
    if (/^\s*$/.test(line)) continue;
    if (!SSH_PUBLIC_KEY.test(line.trim())) throw PveHttpError.failed('SSH public key validation error');
  }
}
