import { Inject, Injectable } from '@nestjs/common';
import { EventOutbox, HandlerError } from '@proxmox-mpc/bus';
import { Subjects, type DataOf, type Origin, type SealedSecret } from '@proxmox-mpc/contracts';
import { Transactions } from '@proxmox-mpc/persistence';
import { PveApiError } from '@proxmox-mpc/pve-client';
import { Clock } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { ConnectedTarget } from './connected-target.entity';
import { connectedTargetSettings } from './connected-target-settings';
import { ConnectedTargetStore } from './connected-target.store';
import { platformCodeFor } from './pve-errors';
import type { TargetSettings } from './target-config';
import { createPveClient, TargetRegistry } from './target-registry';
import { TargetSecrets } from './target-secrets';

type TargetAdded = DataOf<typeof Subjects.proxmoxTargetAdded>;

/** An operator's new cluster, as the console sends it. */
export interface AddTarget {
  name: string;
  url: string;
  tokenId: string;
  sealedTokenSecret: SealedSecret;
  caPem?: string;
  insecureTls?: boolean;
  /** The command that asked: its actor must be an operator, and the announcement follows from it. */
  origin: Origin;
}

/**
 * Connects a cluster at run time. It is checked against its API first (the version, and
 * the cluster's nodes as the inventory reads them, through the URL, TLS settings and
 * token given); nothing is saved when that fails, and Proxmox's own words say why. The
 * token secret arrives sealed, is stored encrypted, and is announced nowhere; the row and
 * `evt.proxmox.target.added` commit together, and the cluster is managed from then on.
 */
@Injectable()
export class AddTargetUseCase {
  constructor(
    private readonly store: ConnectedTargetStore,
    private readonly registry: TargetRegistry,
    private readonly secrets: TargetSecrets,
    private readonly transactions: Transactions,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(request: AddTarget): Promise<TargetAdded> {
    const { actor } = request.origin;
    if (actor.kind !== 'operator') {
      throw new HandlerError(
        'FORBIDDEN',
        `only an operator connects clusters; ${actor.kind} ${actor.id} may not`,
        false,
      );
    }
    if (this.registry.has(request.name) || (await this.store.find(request.name))) {
      throw new HandlerError('CONFLICT', `a cluster named "${request.name}" is managed already`, false);
    }
    const tokenSecret = this.secrets.open(request.sealedTokenSecret);
    const row = Object.assign(new ConnectedTarget(), {
      name: request.name,
      url: request.url,
      tokenId: request.tokenId,
      tokenSecretEncrypted: this.secrets.encrypt(tokenSecret),
      caPem: request.caPem ?? null,
      insecureTls: request.insecureTls ?? false,
      addedAt: this.clock.now(),
      addedBy: actor.id,
    });
    const settings = connectedTargetSettings(row, tokenSecret);
    const added: TargetAdded = {
      name: row.name,
      url: row.url,
      tokenId: row.tokenId,
      ...(await this.check(settings)),
      insecureTls: row.insecureTls,
      customCa: row.caPem !== null,
    };
    await this.transactions.run(async (tx) => {
      await this.store.insert(row, tx);
      await this.outbox.add(tx, Subjects.proxmoxTargetAdded, added, request.origin);
    });
    // Managed before it is announced: the relay may publish the event before flush returns
    // (a pass already under way sends it), and whoever waits for it asks about the cluster
    // next (`proxmox-mpc init` creates its workspace at once).
    this.registry.add(settings);
    await this.outbox.flush();
    return added;
  }

  /** What the cluster says through these settings; a refusal names the URL and quotes Proxmox. */
  private async check(settings: TargetSettings): Promise<Pick<TargetAdded, 'version' | 'nodes'>> {
    const client = createPveClient(settings, this.logger);
    try {
      const { version } = await client.version();
      const nodes = await client.clusterResources('node');
      return { version, nodes: nodes.flatMap((node) => (node.node ? [node.node] : [])).sort() };
    } catch (error) {
      if (!(error instanceof PveApiError)) throw error;
      // Not retried: the operator is waiting, and a wrong URL or token stays wrong.
      throw new HandlerError(
        platformCodeFor(error.code),
        `${settings.url} did not pass the check with token ${loginOf(settings)}: ${error.message}`,
        false,
      );
    } finally {
      await client.close();
    }
  }
}

function loginOf(settings: TargetSettings): string {
  return 'tokenId' in settings.auth ? settings.auth.tokenId : settings.auth.username;
}
