import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { auditService } from '@proxmox-mpc/audit';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { createTestDatabase, pollUntil, type TestDatabase } from '@proxmox-mpc/testing';
import { startDeploymentNats, type DeploymentNats } from './deployment-nats';

/**
 * The audit-reader user of the deployment's NATS config, on a real server with the real
 * audit service: it may search and verify the audit log (what `npm run audit:export`
 * needs), and cause nothing.
 */
describe('the audit-reader credential', () => {
  let nats: DeploymentNats;
  let database: TestDatabase;
  let audit: InProcessService;
  let services: MessageBus;
  let reader: MessageBus;
  const logger = createLogger({ service: 'audit-reader-spec', level: 'silent' });
  const origin: Origin = { correlationId: 'audit-reader-spec', actor: { kind: 'operator', id: 'siem' } };

  beforeAll(async () => {
    nats = await startDeploymentNats();
    // Jest's global setup always provides a PostgreSQL (embedded when DATABASE_URL was not given).
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    const natsUrl = nats.urlFor('mpc-service');
    audit = await startInProcessService(auditService, { NATS_URL: natsUrl, DATABASE_URL: database.url });
    services = await MessageBus.connect({ service: 'spec-services', natsUrl }, logger);
    reader = await MessageBus.connect(
      {
        service: 'audit-export',
        natsUrl: nats.urlFor('audit-reader'),
        publishOnly: true,
      },
      logger,
    );
  });

  afterAll(async () => {
    await reader?.close();
    await services?.close();
    await audit?.stop();
    await database?.drop();
    await nats?.nats.stop();
  });

  it('should search and verify the audit log', async () => {
    await services.publish(
      Subjects.mcpToolCalled,
      { tool: 'list_nodes', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 3 },
      origin,
    );
    const page = await pollUntil(
      () => reader.query(Subjects.auditSearch, { correlationId: origin.correlationId }, origin),
      (result) => result.rows.length > 0,
    );
    expect(page.rows).toHaveLength(1);
    expect(await reader.query(Subjects.auditVerify, {}, origin)).toMatchObject({ rows: expect.any(Number) });
  });

  it('should not be able to send a command or another query', async () => {
    await expect(
      reader.publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'stop' }, origin),
    ).rejects.toThrow(/permission/i);
    await expect(reader.query(Subjects.proxmoxGuestsList, {}, origin)).rejects.toThrow(/permission/i);
  });
});
