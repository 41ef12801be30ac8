import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessageBus, Outbox } from '@proxmox-mpc/bus';
import { isDatabaseReachable } from '@proxmox-mpc/persistence';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry';

/**
 * Starts the outbox relay once the app is up, and closes in dependency order on the
 * way down: Nest has already stopped the consumers and HTTP, then the relay finishes,
 * NATS drains, and the database pool closes last.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.health.register('nats', async () => {
      if (!this.bus.isConnected()) return { ok: false, detail: 'disconnected' };
      await this.bus.nats.rtt();
      return { ok: true };
    });
    this.health.register('postgres', async () =>
      (await isDatabaseReachable(this.dataSource)) ? { ok: true } : { ok: false, detail: 'query failed' },
    );
  }

  onApplicationBootstrap(): void {
    this.outbox.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    await this.bus.close();
    await this.dataSource.destroy();
    this.logger.info('stopped');
  }
}
