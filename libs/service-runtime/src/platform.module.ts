import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_MIGRATIONS, BusModule, defaultStreamSettings } from '@proxmox-mpc/bus';
import { PersistenceModule, type EntitySchemaOrClass } from '@proxmox-mpc/persistence';
import { LOGGER, LogShipper, type Logger } from '@proxmox-mpc/telemetry';
import type { MigrationInterface } from 'typeorm';
import { Clock, SystemClock } from './clock';
import type { BaseConfig } from './config/base-config';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health-registry';
import { PlatformHealthHandler } from './health/platform-health.handler';
import { PlatformLifecycle } from './lifecycle/platform-lifecycle';
import { SERVICE_CONFIG, SERVICE_NAME } from './lifecycle/tokens';
import { MetricsController } from './metrics/metrics.controller';

export interface PlatformOptions {
  service: string;
  config: BaseConfig;
  logger: Logger;
  /** This service's own migrations, in order; the bus's inbox and outbox tables come first. */
  migrations: Array<new () => MigrationInterface>;
  /** The row classes of the service's tables. */
  entities: EntitySchemaOrClass[];
  /** The logger's second destination, connected to the LOG stream once the bus is up. */
  logShipper?: LogShipper;
}

/** A service's own PostgreSQL schema: its name with underscores (`mcp-edge` → `mcp_edge`). */
export function serviceSchema(service: string): string {
  return service.replace(/-/g, '_');
}

@Module({})
class CoreModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: SERVICE_NAME, useValue: options.service },
        { provide: SERVICE_CONFIG, useValue: options.config },
        HealthRegistry,
        { provide: Clock, useClass: SystemClock },
        { provide: LogShipper, useValue: options.logShipper ?? new LogShipper() },
      ],
      exports: [LOGGER, SERVICE_NAME, SERVICE_CONFIG, HealthRegistry, Clock, LogShipper],
    };
  }
}

/**
 * What every service stands on: config and logger in DI, its Postgres schema migrated,
 * the bus and its transport, `/health` and `/metrics`, and ordered shutdown.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config, service } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        CoreModule.forRoot(options),
        PersistenceModule.forRootAsync({
          inject: [],
          useFactory: () => ({
            url: config.DATABASE_URL,
            schema: serviceSchema(service),
            migrations: [...BUS_MIGRATIONS, ...options.migrations],
            entities: options.entities,
            applicationName: service,
          }),
        }),
        BusModule.forRootAsync({
          inject: [],
          useFactory: () => ({
            service,
            natsUrl: config.NATS_URL,
            ...(config.BUS_COMMAND_MAX_AGE_MS ? { commandMaxAgeMs: config.BUS_COMMAND_MAX_AGE_MS } : {}),
            ...(config.BUS_CONSUMER_CONCURRENCY ? { concurrency: config.BUS_CONSUMER_CONCURRENCY } : {}),
            ...(config.BUS_RETRY_DELAY_MS ? { retryDelayMs: config.BUS_RETRY_DELAY_MS } : {}),
            ...(config.BUS_STREAM_REPLICAS
              ? { streams: { ...defaultStreamSettings, replicas: config.BUS_STREAM_REPLICAS } }
              : {}),
          }),
        }),
      ],
      controllers: [HealthController, MetricsController, PlatformHealthHandler],
      providers: [PlatformLifecycle],
    };
  }
}
