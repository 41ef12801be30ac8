import 'reflect-metadata';
import type { Server } from 'node:http';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamServer } from '@proxmox-mpc/bus';
import {
  createLogger,
  LogShipper,
  startServiceMetrics,
  startTracing,
  type Logger,
} from '@proxmox-mpc/telemetry';
import type { EntitySchemaOrClass } from '@proxmox-mpc/persistence';
import type { MigrationInterface } from 'typeorm';
import type { z } from 'zod';
import { ConfigError, loadConfig, type BaseConfig } from './config/base-config';
import { NestPinoLogger } from './nest-logger';
import { PlatformModule } from './platform.module';
import { PLATFORM_VERSION } from './version';

export interface ServiceDefinition<C extends BaseConfig> {
  name: string;
  configSchema: z.ZodType<C>;
  defaultHttpPort: number;
  /** The service's own schema migrations, in order. */
  migrations?: Array<new () => MigrationInterface>;
  /** The row classes (TypeORM entities) of the tables those migrations create. */
  entities?: EntitySchemaOrClass[];
  /** The service's own modules (its capabilities), built from its config. */
  features?: (config: C, logger: Logger) => Array<DynamicModule | Type>;
  /** Serve /health, /metrics (and the service's own routes) over HTTP; default true. */
  listenHttp?: (config: C) => boolean;
  /** Where logs go; a stdio MCP server must keep stdout for the protocol. */
  logTo?: (config: C) => 1 | 2;
}

const SHUTDOWN_GRACE_MS = 15_000;

@Module({})
class ServiceRootModule {}

/**
 * Builds and starts a service's Nest app with an already-parsed config: the platform
 * module and the service's features, the JetStream transport, and HTTP unless
 * `listenHttp` says otherwise. Tests use this to run a service in-process. `logShipper`
 * is the logger's second destination, which the app connects to the LOG stream.
 */
export async function createServiceApp<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  logger: Logger,
  logShipper?: LogShipper,
): Promise<INestApplication> {
  startServiceMetrics({ service: definition.name, version: PLATFORM_VERSION });
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forRoot({
        service: definition.name,
        config,
        logger,
        migrations: definition.migrations ?? [],
        entities: definition.entities ?? [],
        ...(logShipper ? { logShipper } : {}),
      }),
      ...(definition.features?.(config, logger) ?? []),
    ],
  };
  const app = await NestFactory.create(root, {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  try {
    app.connectMicroservice({ strategy: app.get(JetStreamServer) });
    await app.init();
    await app.startAllMicroservices();
    if (definition.listenHttp?.(config) ?? true) {
      keepIdleConnectionsOpen(app.getHttpServer() as Server);
      await app.listen(config.HTTP_PORT ?? definition.defaultHttpPort, config.HTTP_HOST);
      logger.info({ url: await app.getUrl() }, `${definition.name} ready`);
    } else {
      logger.info(`${definition.name} ready`);
    }
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

// A client closes an idle connection a little before the server says it will (undici: a
// second or two), and a POST sent on a connection the server has just closed fails with
// "other side closed". At Node's 5 s a busy client missed that margin; load balancers keep
// idle connections 60 s, so the server outlasts them too.
const IDLE_CONNECTION_MS = 65_000;

function keepIdleConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  // A request's headers on a reused connection must not be timed out before the connection.
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000;
}

/**
 * Runs one service as a process: validated config, tracing before anything else, JSON logs, the Nest
 * app with its JetStream transport, HTTP for health and metrics, and a clean stop on
 * SIGINT/SIGTERM (consumers stop, NATS drains, the pool closes).
 */
export async function bootstrapService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication> {
  let config: C;
  try {
    config = loadConfig(definition.configSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${definition.name}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const tracing = startTracing({
    serviceName: definition.name,
    serviceVersion: PLATFORM_VERSION,
    exportOtlp: Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
  });
  const logShipper = new LogShipper();
  const logger = createLogger({
    service: definition.name,
    level: config.LOG_LEVEL,
    destination: definition.logTo?.(config) ?? 1,
    shipper: logShipper,
  });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));

  let app: INestApplication;
  try {
    app = await createServiceApp(definition, config, logger, logShipper);
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start: ${(error as Error).message}`);
    await tracing.shutdown().catch(() => undefined);
    logger.flush();
    process.exit(1);
  }

  const stop = async (signal: string): Promise<void> => {
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await tracing.shutdown().catch(() => undefined);
    logger.flush();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return app;
}
