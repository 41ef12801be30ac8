import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusDefaults, logSubject, MessageBus, Outbox } from '@proxmox-mpc/bus';
import { isDatabaseReachable } from '@proxmox-mpc/persistence';
import { LOGGER, LogShipper, Metrics, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '../health/health-registry';
import { SERVICE_NAME } from './tokens';

/**
 * Starts the outbox relay and log shipping once the app is up, and closes in dependency
 * order on the way down: Nest has already stopped the consumers and HTTP, then the relay
 * finishes, log shipping stops, NATS drains, and the database pool closes last.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly bus: MessageBus,
    private readonly outbox: Outbox,
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
    private readonly logShipper: LogShipper,
    @Inject(SERVICE_NAME) private readonly service: string,
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
    // Core publish into the LOG stream: fire and forget, buffered by the client while it
    // reconnects, so logging never waits for NATS (no JetStream acknowledgement).
    this.logShipper.attach((level, line) => {
      if (Buffer.byteLength(line) > BusDefaults.logMaxRecordBytes) {
        Metrics.logRecordsDropped.inc();
        return;
      }
      this.bus.nats.publish(logSubject(this.service, level), line);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    this.logShipper.detach();
    await this.bus.close();
    await this.dataSource.destroy();
    this.logger.info('stopped');
  }
}
