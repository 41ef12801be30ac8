import { HandlerError, SecretKeyring } from '@proxmox-mpc/bus';
import type { SealedSecret } from '@proxmox-mpc/contracts';

/**
 * The keys of clusters' token secrets, from PVE_SECRETS_KEY: the public key operators
 * seal a new cluster's secret with, and the key secrets are kept with in the database.
 * Without the setting, clusters can still be configured (PVE_*), not connected at run time.
 */
export class TargetSecrets {
  private readonly keyring: SecretKeyring | undefined;

  constructor(masterKey: string | undefined) {
    this.keyring = masterKey === undefined ? undefined : new SecretKeyring(masterKey);
  }

  /** What the console seals a token secret for; undefined without PVE_SECRETS_KEY. */
  get sealingKey(): string | undefined {
    return this.keyring?.publicKey;
  }

  open(sealed: SealedSecret): string {
    try {
      return this.required().open(sealed);
    } catch (error) {
      if (error instanceof HandlerError) throw error;
      throw new HandlerError(
        'INVALID_MESSAGE',
        `sealedTokenSecret: ${(error as Error).message}; seal it with the sealingKey of qry.proxmox.targets.list`,
        false,
      );
    }
  }

  encrypt(secret: string): string {
    return this.required().encrypt(secret);
  }

  decrypt(stored: string): string {
    return this.required().decrypt(stored);
  }

  private required(): SecretKeyring {
    if (!this.keyring) {
      throw new HandlerError(
        'FORBIDDEN',
        'connecting clusters at run time needs PVE_SECRETS_KEY (or PVE_SECRETS_KEY_FILE) on proxmox-agent',
        false,
      );
    }
    return this.keyring;
  }
}
