import {
  createTestDatabase,
  startNatsServer,
  type RunningNats,
  type TestDatabase,
} from '@proxmox-mpc/testing';
import { BaseConfigSchema } from '../config/base-config';
import { startInProcessService, type InProcessService } from '../in-process-service';

describe('/health and /metrics', () => {
  let nats: RunningNats;
  let database: TestDatabase;
  let service: InProcessService;

  beforeAll(async () => {
    nats = await startNatsServer();
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    service = await startInProcessService(
      { name: 'health-probe', configSchema: BaseConfigSchema, defaultHttpPort: 0 },
      { NATS_URL: nats.url, DATABASE_URL: database.url },
    );
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

  it('should serve Prometheus metrics, process metrics included', async () => {
    const response = await fetch(`${service.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('# TYPE mpc_messages_handled_total counter');
    expect(text).toContain('mpc_build_info{component="health-probe",version="0.1.0"} 1');
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
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
