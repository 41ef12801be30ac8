import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { auditService } from '@proxmox-mpc/audit';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import {
  createTestDatabase,
  repoRoot,
  startNatsServer,
  type RunningNats,
  type TestDatabase,
} from '@proxmox-mpc/testing';

const PASSWORDS = {
  MPC_SERVICE_NATS_PASSWORD: 'pServiceSecretForTests',
  CI_NATS_PASSWORD: 'pCiSecretForTests',
  AUDIT_READER_NATS_PASSWORD: 'pAuditSecretForTests',
};

/**
 * The audit-reader user of the deployment's NATS config, on a real server with the real
 * audit service: it may search and verify the audit log (what `npm run audit:export`
 * needs), and cause nothing.
 */
describe('the audit-reader credential', () => {
  let nats: RunningNats;
  let database: TestDatabase;
  let audit: InProcessService;
  let services: MessageBus;
  let reader: MessageBus;
  const logger = createLogger({ service: 'audit-reader-spec', level: 'silent' });
  const origin: Origin = { correlationId: 'audit-reader-spec', actor: { kind: 'operator', id: 'siem' } };
  const as = (user: string, password: string) => nats.url.replace('nats://', `nats://${user}:${password}@`);

  beforeAll(async () => {
    nats = await startNatsServer({
      config: { file: join(repoRoot(), 'infra', 'nats', 'nats-server.conf'), env: PASSWORDS },
    });
    // Jest's global setup always provides a PostgreSQL (embedded when DATABASE_URL was not given).
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    const natsUrl = as('mpc-service', PASSWORDS.MPC_SERVICE_NATS_PASSWORD);
    audit = await startInProcessService(auditService, { NATS_URL: natsUrl, DATABASE_URL: database.url });
    services = await MessageBus.connect({ service: 'spec-services', natsUrl }, logger);
    reader = await MessageBus.connect(
      {
        service: 'audit-export',
        natsUrl: as('audit-reader', PASSWORDS.AUDIT_READER_NATS_PASSWORD),
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
    await nats?.stop();
  });

  it('should search and verify the audit log', async () => {
    await services.publish(
      Subjects.mcpToolCalled,
      { tool: 'list_nodes', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 3 },
      origin,
    );
    let found = 0;
    for (let attempt = 0; attempt < 50 && found === 0; attempt += 1) {
      const page = await reader.query(Subjects.auditSearch, { correlationId: origin.correlationId }, origin);
      found = page.rows.length;
      if (found === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(1);
    expect(await reader.query(Subjects.auditVerify, {}, origin)).toMatchObject({ rows: expect.any(Number) });
  });

  it('should not be able to send a command or another query', async () => {
    await expect(
      reader.publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'stop' }, origin),
    ).rejects.toThrow(/permission/i);
    await expect(reader.query(Subjects.proxmoxGuestsList, {}, origin)).rejects.toThrow(/permission/i);
  });
});
