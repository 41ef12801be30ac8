import { readFileSync } from 'node:fs';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { PveClient } from '@proxmox-mpc/pve-client';
import { HealthRegistry } from '@proxmox-mpc/service-runtime';
import { Metrics } from '@proxmox-mpc/telemetry';
import type { AgentConfig } from '../config';
import { ProxmoxTarget } from './proxmox-target';

function createTarget(config: AgentConfig): ProxmoxTarget {
  const client = new PveClient({
    baseUrl: config.PVE_URL,
    tokenId: config.PVE_TOKEN_ID,
    tokenSecret: config.PVE_TOKEN_SECRET,
    ...(config.PVE_CA_FILE ? { caPem: readFileSync(config.PVE_CA_FILE, 'utf8') } : {}),
    insecureTls: config.PVE_INSECURE_TLS,
    timeoutMs: config.PVE_TIMEOUT_MS,
    onRequest: ({ method, pathTemplate, status, durationMs }) =>
      Metrics.pveRequestSeconds.observe(
        { target: config.PVE_TARGET, method, path: pathTemplate, status: String(status) },
        durationMs / 1000,
      ),
  });
  return new ProxmoxTarget(config.PVE_TARGET, client, config.PVE_TASK_TIMEOUT_MS);
}

/** The connection to the Proxmox VE cluster, and its entry in /health. */
@Module({})
export class ProxmoxModule implements OnApplicationShutdown {
  constructor(
    @Inject(ProxmoxTarget) private readonly target: ProxmoxTarget,
    health: HealthRegistry,
  ) {
    health.register('proxmox', async () => {
      const version = await this.target.client.version();
      return { ok: true, detail: `${this.target.name}: Proxmox VE ${version.version}` };
    });
  }

  static register(config: AgentConfig): DynamicModule {
    return {
      module: ProxmoxModule,
      global: true,
      providers: [{ provide: ProxmoxTarget, useFactory: () => createTarget(config) }],
      exports: [ProxmoxTarget],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.target.client.close();
  }
}
