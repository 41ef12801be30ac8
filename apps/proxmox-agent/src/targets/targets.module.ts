import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import type { AgentConfig } from '../config';
import { AddTargetUseCase } from './add-target.use-case';
import { ConnectedTargetStore } from './connected-target.store';
import { ConnectedTargetsSchedule } from './connected-targets.schedule';
import { ListTargetsUseCase } from './list-targets.use-case';
import { LoadConnectedTargetsUseCase } from './load-connected-targets.use-case';
import { PostgresConnectedTargetStore } from './postgres-connected-target.store';
import type { ProxmoxTarget } from './proxmox-target';
import { loadTargets } from './target-config';
import { TargetRegistry } from './target-registry';
import { TargetSecrets } from './target-secrets';
import { TargetsHandler } from './targets.handler';

/**
 * The Proxmox VE clusters, one client each, and one /health entry per cluster: those of
 * the configuration, and those operators connect at run time.
 */
@Module({})
export class TargetsModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: TargetRegistry,
    private readonly health: HealthRegistry,
  ) {
    for (const target of registry.all()) this.checkHealthOf(target);
    registry.onAdded((target) => this.checkHealthOf(target));
  }

  static register(config: AgentConfig): DynamicModule {
    const settings = loadTargets(config);
    return {
      module: TargetsModule,
      global: true,
      controllers: [TargetsHandler],
      providers: [
        {
          provide: TargetRegistry,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new TargetRegistry(settings, logger),
        },
        { provide: TargetSecrets, useFactory: () => new TargetSecrets(config.PVE_SECRETS_KEY) },
        { provide: ConnectedTargetStore, useClass: PostgresConnectedTargetStore },
        AddTargetUseCase,
        ListTargetsUseCase,
        LoadConnectedTargetsUseCase,
        ConnectedTargetsSchedule,
      ],
      exports: [TargetRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }

  private checkHealthOf(target: ProxmoxTarget): void {
    this.health.register(`proxmox:${target.name}`, async () => {
      const version = await target.client.version();
      return { ok: true, detail: `Proxmox VE ${version.version}` };
    });
  }
}
