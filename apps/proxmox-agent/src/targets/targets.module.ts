import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@proxmox-mpc/service-runtime';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { TargetRegistry } from './target-registry';
import type { TargetSettings } from './target-config';

/** The Proxmox VE clusters, one client each, and one /health entry per cluster. */
@Module({})
export class TargetsModule implements OnApplicationShutdown {
  constructor(
    private readonly registry: TargetRegistry,
    health: HealthRegistry,
  ) {
    for (const target of registry.all()) {
      health.register(`proxmox:${target.name}`, async () => {
        const version = await target.client.version();
        return { ok: true, detail: `Proxmox VE ${version.version}` };
      });
    }
  }

  static register(settings: readonly TargetSettings[]): DynamicModule {
    return {
      module: TargetsModule,
      global: true,
      providers: [
        {
          provide: TargetRegistry,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new TargetRegistry(settings, logger),
        },
      ],
      exports: [TargetRegistry],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
