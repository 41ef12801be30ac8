import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type ServiceHealth } from '@proxmox-mpc/contracts';
import { createLogger, LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import {
  createTestDatabase,
  pollUntil,
  startNatsServer,
  type RunningNats,
  type TestDatabase,
} from '@proxmox-mpc/testing';
import { BaseConfigSchema } from '../config/base-config';
import { startInProcessService, type InProcessService } from '../in-process-service';

const probe = { name: 'health-probe', configSchema: BaseConfigSchema, defaultHttpPort: 0 };

describe('/health and /metrics', () => {
  let nats: RunningNats;
  let database: TestDatabase;
  let service: InProcessService;

  beforeAll(async () => {
    nats = await startNatsServer();
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    service = await startInProcessService(probe, {
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'error',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await nats?.stop();
    await database?.drop();
  });

  it('should be ready when NATS and Postgres answer', async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      service: 'health-probe',
      checks: { nats: { ok: true }, postgres: { ok: true } },
    });
  });

  it('should keep an idle connection open longer than clients and load balancers do', async () => {
    const response = await fetch(`${service.url}/health/live`);

    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('should serve Prometheus metrics, process metrics included', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE mpc_messages_handled_total counter');
    expect(text).toContain('mpc_build_info{component="health-probe",version="0.1.0"} 1');
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
  });

  it('should answer qry.platform.health on the bus from every replica, settings without secrets', async () => {
    const replica = await startInProcessService(probe, { NATS_URL: nats.url, DATABASE_URL: database.url });
    const bus = await MessageBus.connect(
      { service: 'health-spec', natsUrl: nats.url, publishOnly: true },
      createLogger({ service: 'health-spec', level: 'silent' }),
    );
    try {
      const replies = await bus.gather(
        Subjects.platformHealth,
        { includeConfig: true },
        { correlationId: 'health-spec', actor: { kind: 'operator', id: 'operator:spec' } },
        { windowMs: 1_000 },
      );

      expect(replies).toHaveLength(2);
      const [first] = replies as ServiceHealth[];
      expect(first).toMatchObject({
        service: 'health-probe',
        version: '0.1.0',
        status: 'ok',
        checks: { nats: { ok: true }, postgres: { ok: true } },
      });
      const password = new URL(database.url).password;
      expect(first?.config?.DATABASE_URL).toContain('[REDACTED]@');
      if (password) expect(JSON.stringify(replies)).not.toContain(password);
    } finally {
      await bus.close();
      await replica.stop();
    }
  });

  it('should ship its log records to the LOG stream, secrets redacted', async () => {
    (service.app.get(LOGGER) as Logger).error({ password: 'pShippedSecret' }, 'probe failure');
    const connection = await connect({ servers: nats.url });
    try {
      const manager = await jetstreamManager(connection);
      const stored = await pollUntil(
        () => manager.streams.getMessage('LOG', { last_by_subj: 'log.health-probe.error' }).catch(() => null),
        (message) => message !== null,
        5_000,
      );
      const record = stored?.json<Record<string, unknown>>();
      expect(record).toMatchObject({ service: 'health-probe', level: 'error', msg: 'probe failure' });
      expect(record?.password).toBe('[REDACTED]');
    } finally {
      await connection.close();
    }
  });

  it('should report unready, naming NATS, when NATS goes away, while staying alive', async () => {
    await nats.stop();
    const deadline = Date.now() + 10_000;
    let body: { status: string; checks: Record<string, { ok: boolean }> } | undefined;
    let status = 0;
    while (Date.now() < deadline) {
      const response = await fetch(`${service.url}/health`);
      status = response.status;
      body = (await response.json()) as typeof body;
      if (status === 503) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'unavailable',
      checks: { nats: { ok: false }, postgres: { ok: true } },
    });
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  });
});
