import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { connectedTargetSettings } from './connected-target-settings';
import { ConnectedTargetStore } from './connected-target.store';
import { TargetRegistry } from './target-registry';
import { TargetSecrets } from './target-secrets';

/**
 * Brings the clusters connected at run time into this replica's registry: at start, and
 * then now and again, so a cluster another replica connected is managed here too. One
 * whose secret cannot be decrypted (another PVE_SECRETS_KEY) is reported once and left out.
 */
@Injectable()
export class LoadConnectedTargetsUseCase {
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: ConnectedTargetStore,
    private readonly registry: TargetRegistry,
    private readonly secrets: TargetSecrets,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The names of the clusters it added. */
  async execute(): Promise<string[]> {
    const added: string[] = [];
    for (const row of await this.store.all()) {
      if (this.registry.has(row.name)) continue;
      try {
        this.registry.add(connectedTargetSettings(row, this.secrets.decrypt(row.tokenSecretEncrypted)));
        added.push(row.name);
      } catch (error) {
        if (this.reported.has(row.name)) continue;
        this.reported.add(row.name);
        this.logger.error(
          { err: error, target: row.name },
          `cluster "${row.name}" (connected by ${row.addedBy}) cannot be managed: ${(error as Error).message}`,
        );
      }
    }
    return added;
  }
}
