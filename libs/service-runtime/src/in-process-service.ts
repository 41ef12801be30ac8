import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { BUS_MIGRATIONS } from '@proxmox-mpc/bus';
import { entitySchemaDrift, openDataSource } from '@proxmox-mpc/persistence';
import { createLogger, LogShipper } from '@proxmox-mpc/telemetry';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createServiceApp, type ServiceDefinition } from './bootstrap';
import { loadConfig, type BaseConfig } from './config/base-config';
import { serviceSchema } from './platform.module';

export interface InProcessService {
  app: INestApplication;
  /** Base URL of its HTTP server (health, metrics, and the service's own routes). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a service inside the test process, configured from `env` as it would be from the
 * environment. Logs are silent unless TEST_LOG_LEVEL says otherwise.
 */
export async function startInProcessService<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string>,
): Promise<InProcessService> {
  const config = loadConfig(definition.configSchema, {
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  });
  const logShipper = new LogShipper();
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL, shipper: logShipper });
  const app = await createServiceApp(definition, config, logger, logShipper);
  const listening = definition.listenHttp?.(config) ?? true;
  const url = listening ? (await app.getUrl()).replace('[::1]', '127.0.0.1') : '';
  return { app, url, stop: () => app.close() };
}

/**
 * The database at `url` with the service's schema as the service would have it: the
 * bus's tables, then its own migrations, and its entities. What store specs run against.
 */
export function openServiceDataSource<C extends BaseConfig>(
  definition: Pick<ServiceDefinition<C>, 'name' | 'migrations' | 'entities'>,
  url: string,
): Promise<DataSource> {
  return openDataSource({
    url,
    schema: serviceSchema(definition.name),
    migrations: [...BUS_MIGRATIONS, ...(definition.migrations ?? [])],
    entities: definition.entities ?? [],
  });
}

/**
 * What TypeORM would change so the service's tables match its entities, after its
 * migrations ran on a scratch database made on the server at `adminUrl` (and dropped
 * after): empty when the committed migrations and the row classes agree.
 */
export async function entityDriftOf<C extends BaseConfig>(
  definition: ServiceDefinition<C>,
  adminUrl: string,
): Promise<string[]> {
  const name = `mpc_drift_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const dataSource = await openServiceDataSource(definition, url.toString());
    try {
      return await entitySchemaDrift(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
