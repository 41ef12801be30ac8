import { Injectable } from '@nestjs/common';
import type { QueryResponseOf, Subjects, TargetSummary } from '@proxmox-mpc/contracts';
import type { ConnectedTarget } from './connected-target.entity';
import { ConnectedTargetStore } from './connected-target.store';
import type { ProxmoxTarget } from './proxmox-target';
import { TargetRegistry } from './target-registry';
import { TargetSecrets } from './target-secrets';

/** The clusters this agent manages, where each came from, and the key to seal a new one's secret with. */
@Injectable()
export class ListTargetsUseCase {
  constructor(
    private readonly registry: TargetRegistry,
    private readonly store: ConnectedTargetStore,
    private readonly secrets: TargetSecrets,
  ) {}

  async execute(): Promise<QueryResponseOf<typeof Subjects.proxmoxTargetsList>> {
    const connected = new Map((await this.store.all()).map((row) => [row.name, row]));
    const sealingKey = this.secrets.sealingKey;
    return {
      targets: this.registry.all().map((target) => summaryOf(target, connected.get(target.name))),
      ...(sealingKey ? { sealingKey } : {}),
    };
  }
}

function summaryOf({ settings }: ProxmoxTarget, connected: ConnectedTarget | undefined): TargetSummary {
  return {
    name: settings.name,
    url: settings.url,
    login: 'tokenId' in settings.auth ? settings.auth.tokenId : settings.auth.username,
    source: connected ? 'console' : 'configuration',
    insecureTls: settings.insecureTls,
    customCa: Boolean(settings.caPem ?? settings.caFile),
    ...(connected ? { addedAt: connected.addedAt.toISOString(), addedBy: connected.addedBy } : {}),
  };
}
