import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { MessageBus, natsConnectionOptions } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { mcpEdgeService } from '@proxmox-mpc/mcp-edge';
import { proxmoxAgentService } from '@proxmox-mpc/proxmox-agent';
import { DEFAULT_SIM_TOKEN, PveSimulator } from '@proxmox-mpc/pve-sim';
import { startInProcessService, type InProcessService } from '@proxmox-mpc/service-runtime';
import { createLogger } from '@proxmox-mpc/telemetry';
import { createTestDatabase, runConsole, type TestDatabase } from '@proxmox-mpc/testing';
import { startDeploymentNats, type DeploymentNats } from './deployment-nats';

/**
 * The console user of the deployment's NATS config, on a real server: the console (built,
 * as a process) does its work with it — health with JetStream's streams and consumers, the
 * LOG stream, a sync with its progress, a token — and the user can do nothing else: no
 * guest operation, no stream or consumer of the services touched.
 */
describe('the console credential', () => {
  let nats: DeploymentNats;
  let database: TestDatabase;
  let simulator: PveSimulator;
  let agent: InProcessService;
  let edge: InProcessService;
  let services: MessageBus;
  let consoleUser: NatsConnection;
  const origin: Origin = {
    correlationId: 'console-credential-spec',
    actor: { kind: 'operator', id: 'operator:spec' },
  };
  const proxmoxMpc = (...args: string[]) =>
    runConsole([...args, '--json'], { NATS_URL: nats.urlFor('console'), MPC_OPERATOR: 'spec' });

  beforeAll(async () => {
    nats = await startDeploymentNats();
    database = await createTestDatabase(process.env.DATABASE_URL as string);
    simulator = new PveSimulator({ scenario: 'homelab', taskDurationMs: 20 });
    await simulator.start(0, '127.0.0.1');
    const common = { NATS_URL: nats.urlFor('mpc-service'), DATABASE_URL: database.url };
    agent = await startInProcessService(proxmoxAgentService, {
      ...common,
      PVE_URL: simulator.url,
      PVE_TOKEN_ID: DEFAULT_SIM_TOKEN.tokenId,
      PVE_TOKEN_SECRET: DEFAULT_SIM_TOKEN.secret,
      PVE_TARGET: 'homelab',
    });
    edge = await startInProcessService(mcpEdgeService, {
      ...common,
      MCP_BEARER_TOKEN: 'agent-token-for-the-console-spec',
    });
    services = await MessageBus.connect(
      { service: 'spec-services', natsUrl: nats.urlFor('mpc-service') },
      createLogger({ service: 'console-credential-spec', level: 'silent' }),
    );
    consoleUser = await connect(natsConnectionOptions(nats.urlFor('console')));
  });

  afterAll(async () => {
    await consoleUser?.close();
    await services?.close();
    await edge?.stop();
    await agent?.stop();
    await simulator?.stop();
    await database?.drop();
    await nats?.nats.stop();
  });

  it("should read every replica's health and JetStream's streams and consumers", async () => {
    const run = await proxmoxMpc('health');

    const health = JSON.parse(run.stdout);
    expect(health.nats).toMatchObject({ ok: true });
    expect(health.streams.map((stream: { name: string }) => stream.name)).toEqual(['CMD', 'EVT', 'LOG']);
    expect(health.consumers.length).toBeGreaterThan(0);
    const up = health.services.filter((service: { ok: boolean }) => service.ok);
    expect(up.map((service: { service: string }) => service.service).sort()).toEqual([
      'mcp-edge',
      'proxmox-agent',
    ]);
    // Four of the six services are not running here: unhealthy, exit 1.
    expect(run.code).toBe(1);
  });

  it('should read the LOG stream', async () => {
    services.nats.publish(
      'log.console-spec.warn',
      JSON.stringify({
        level: 'warn',
        time: new Date().toISOString(),
        service: 'console-spec',
        msg: 'look here',
      }),
    );
    await services.nats.flush();

    const run = await proxmoxMpc('logs', '--service', 'console-spec', '--level', 'warn');

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ msg: 'look here', level: 'warn' })]);
  });

  it('should send its commands and hear their progress and outcome', async () => {
    const sync = await proxmoxMpc('sync', '--full');
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout).passes).toEqual([
      expect.objectContaining({ target: 'homelab', mode: 'full' }),
    ]);

    const token = await proxmoxMpc('tokens', 'create', 'from-console', '--scopes', 'read');
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({
      summary: { name: 'from-console', createdBy: 'operator:spec' },
    });
  });

  it("should not run a guest operation, nor touch the services' streams and consumers", async () => {
    const asConsole = await MessageBus.connect(
      { service: 'console', natsUrl: nats.urlFor('console'), publishOnly: true },
      createLogger({ service: 'console-credential-spec', level: 'silent' }),
    );
    try {
      await expect(asConsole.publish(Subjects.proxmoxGuestDelete, { vmid: 100 }, origin)).rejects.toThrow(
        /permission/i,
      );
    } finally {
      await asConsole.close();
    }
    const manager = await jetstreamManager(consoleUser);
    await expect(manager.streams.delete('CMD')).rejects.toThrow(/permission/i);
    await expect(manager.streams.purge('EVT')).rejects.toThrow(/permission/i);
    await expect(manager.consumers.add('CMD', { durable_name: 'sneaky' })).rejects.toThrow(/permission/i);
    await expect(manager.consumers.delete('CMD', 'proxmox-agent__cmd-proxmox-guest-power')).rejects.toThrow(
      /permission/i,
    );
    expect((await manager.streams.info('CMD')).config.name).toBe('CMD');
  });
});
