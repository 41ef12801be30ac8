import { join } from 'node:path';
import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { repoRoot, startNatsServer, type RunningNats } from '@proxmox-mpc/testing';

const PASSWORDS = {
  MPC_SERVICE_NATS_PASSWORD: 'pServiceSecretForTests',
  CI_NATS_PASSWORD: 'pCiSecretForTests',
  AUDIT_READER_NATS_PASSWORD: 'pAuditSecretForTests',
};

/** The CI user of the deployment's NATS config (infra/nats/nats-server.conf), on a real server. */
describe('the CI credential', () => {
  let nats: RunningNats;
  let services: MessageBus;
  let ci: MessageBus;
  const logger = createLogger({ service: 'ci-credential-spec', level: 'silent' });
  const origin: Origin = { correlationId: 'ci-credential-spec', actor: { kind: 'ci', id: 'pipeline' } };
  const as = (user: string, password: string) => nats.url.replace('nats://', `nats://${user}:${password}@`);

  beforeAll(async () => {
    nats = await startNatsServer({
      config: { file: join(repoRoot(), 'infra', 'nats', 'nats-server.conf'), env: PASSWORDS },
    });
    // The services' user creates the streams, as at a real start.
    services = await MessageBus.connect(
      { service: 'spec-services', natsUrl: as('mpc-service', PASSWORDS.MPC_SERVICE_NATS_PASSWORD) },
      logger,
    );
    ci = await MessageBus.connect(
      { service: 'ci-publish', natsUrl: as('ci', PASSWORDS.CI_NATS_PASSWORD), publishOnly: true },
      logger,
    );
  });

  afterAll(async () => {
    await ci?.close();
    await services?.close();
    await nats?.stop();
  });

  it('should publish a proposed change, acknowledged by the EVT stream', async () => {
    const { event: seen } = await services.expectEvent(
      Subjects.ciChangeProposed,
      (event) => event.correlationId === origin.correlationId,
      10_000,
    );
    await ci.publish(
      Subjects.ciChangeProposed,
      { repo: 'example/iac', ref: 'refs/heads/main', commit: 'abc1234', workspace: 'homelab' },
      origin,
    );
    expect((await seen).data).toMatchObject({ workspace: 'homelab', commit: 'abc1234' });
  });

  it('should not be able to publish a command', async () => {
    await expect(
      ci.publish(Subjects.proxmoxGuestPower, { vmid: 100, action: 'stop' }, origin),
    ).rejects.toThrow(/permission/i);
  });

  it('should not be able to manage streams', async () => {
    await expect(ci.manager.streams.delete('CMD')).rejects.toThrow(/permission/i);
    expect((await services.manager.streams.info('CMD')).config.name).toBe('CMD');
  });
});
