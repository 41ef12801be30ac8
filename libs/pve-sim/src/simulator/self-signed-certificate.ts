import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsCertificate {
  /** PEM private key. */
  readonly key: string;
  /** PEM certificate; give it to a client as its CA to verify the simulator. */
  readonly cert: string;
}

// Long enough for a day of local runs; a restart makes a new one.
const VALIDITY_DAYS = 30;

/**
 * A throwaway self-signed certificate for the given host names and addresses, made
 * by the `openssl` command (node:crypto cannot issue X.509 certificates). It runs
 * with an argument array, never through a shell.
 */
export async function generateSelfSignedCertificate(
  hosts: readonly string[] = ['localhost', '127.0.0.1', '::1'],
): Promise<TlsCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pve-sim-tls-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  const altNames = hosts.map((host) => (/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`)).join(',');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      String(VALIDITY_DAYS),
      '-subj',
      '/CN=pve-sim',
      '-addext',
      `subjectAltName=${altNames}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(
          'pve-sim: a self-signed certificate needs the openssl command, which is not on the PATH; ' +
            'install openssl or pass tls: { key, cert } (CLI: --tls-key and --tls-cert)',
        );
      }
      throw new Error(`pve-sim: openssl could not create a certificate: ${(error as Error).message}`);
    });
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
