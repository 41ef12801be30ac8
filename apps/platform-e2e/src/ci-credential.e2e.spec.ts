import { MessageBus } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { startDeploymentNats, type DeploymentNats } from './deployment-nats';

/** The CI user of the deployment's NATS config (infra/nats/nats-server.conf), on a real server. */
describe('the CI credential', () => {
  let nats: DeploymentNats;
  let services: MessageBus;
  let ci: MessageBus;
  const logger = createLogger({ service: 'ci-credential-spec', level: 'silent' });
  const origin: Origin = { correlationId: 'ci-credential-spec', actor: { kind: 'ci', id: 'pipeline' } };

  beforeAll(async () => {
    nats = await startDeploymentNats();
    // The services' user creates the streams, as at a real start.
    services = await MessageBus.connect(
      { service: 'spec-services', natsUrl: nats.urlFor('mpc-service') },
      logger,
    );
    ci = await MessageBus.connect(
      { service: 'ci-publish', natsUrl: nats.urlFor('ci'), publishOnly: true },
      logger,
    );
  });

  afterAll(async () => {
    await ci?.close();
    await services?.close();
    await nats?.nats.stop();
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
