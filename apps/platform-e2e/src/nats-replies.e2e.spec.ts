import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { inboxPrefixFor, MessageBus, natsConnectionOptions } from '@proxmox-mpc/bus';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { runTool } from '@proxmox-mpc/testing';
import { NATS_PASSWORDS, startDeploymentNats, type DeploymentNats } from './deployment-nats';

type User = keyof typeof NATS_PASSWORDS;
const USERS = Object.keys(NATS_PASSWORDS) as User[];

/**
 * Replies belong to the user who asked, on a real nats-server with the deployment's config
 * (infra/nats/nats-server.conf): every user listens wherever it may for replies, every user
 * asks something, and nobody hears another user's answers. The users' own flows still work.
 */
describe('NATS replies on the deployment config', () => {
  let nats: DeploymentNats;
  let services: MessageBus;
  const logger = createLogger({ service: 'nats-replies-spec', level: 'silent' });
  const connections = new Map<User, NatsConnection>();
  const listening: Subscription[] = [];
  const heard = new Map<User, string[]>(USERS.map((user) => [user, []]));

  beforeAll(async () => {
    nats = await startDeploymentNats();
    // The services' user creates the streams, as at a real start.
    services = await MessageBus.connect(
      { service: 'spec-services', natsUrl: nats.urlFor('mpc-service') },
      logger,
    );
    for (const user of USERS) {
      const connection = await connect({ ...natsConnectionOptions(nats.urlFor(user)), name: user });
      connections.set(user, connection);
      // Everything a curious client would try; the server refuses what the user may not
      // subscribe to, and a refused subscription simply hears nothing.
      for (const subject of ['>', '_INBOX.>', ...USERS.map((owner) => `${inboxPrefixFor(owner)}.>`)]) {
        listening.push(
          connection.subscribe(subject, {
            callback: (error, message) => {
              if (!error) heard.get(user)?.push(message.subject);
            },
          }),
        );
      }
      await connection.flush();
    }
  });

  afterAll(async () => {
    for (const subscription of listening) subscription.unsubscribe();
    await Promise.all([...connections.values()].map((connection) => connection.close()));
    await services?.close();
    await nats?.nats.stop();
  });

  it("should keep each user's replies from every other user", async () => {
    const responder = connections.get('mpc-service') as NatsConnection;
    const echo = responder.subscribe('qry.audit.search', {
      queue: 'audit',
      callback: (_error, message) => {
        message.respond(message.data);
      },
    });
    await responder.flush();

    // What each user asks in real life: a service queries, audit:export and the console query
    // the audit log, a pipeline publishes into JetStream and gets the stream's acknowledgement.
    await expect(responder.request('qry.audit.search', 'from a service')).resolves.toBeDefined();
    const reader = connections.get('audit-reader') as NatsConnection;
    expect((await reader.request('qry.audit.search', 'from audit:export')).string()).toBe(
      'from audit:export',
    );
    const operator = connections.get('console') as NatsConnection;
    expect((await operator.request('qry.audit.search', 'from the console')).string()).toBe(
      'from the console',
    );
    const ack = await jetstream(connections.get('ci') as NatsConnection).publish(
      'evt.ci.change.pushed',
      '{}',
    );
    expect(ack.stream).toBe('EVT');
    echo.unsubscribe();

    for (const connection of connections.values()) await connection.flush();
    for (const user of USERS) {
      const others = (heard.get(user) ?? []).filter(
        (subject) => subject.startsWith('_INBOX') && !subject.startsWith(`${inboxPrefixFor(user)}.`),
      );
      expect({ user, others }).toEqual({ user, others: [] });
    }
    // The services may subscribe to everything else: their catch-all was live and heard the pipeline.
    expect(heard.get('mpc-service')).toContain('evt.ci.change.pushed');
  });

  it('should let a pipeline wait for its verdict with npm run ci:publish and the ci credential', async () => {
    const commit = '0123456789abcdef0123456789abcdef01234567';
    // test-runner's part: answer the proposed change with a verdict under its correlation id.
    const { event: proposed } = await services.expectEvent(Subjects.ciChangeProposed, () => true, 30_000);
    void proposed.then((change) => {
      const origin: Origin = {
        correlationId: change.correlationId,
        actor: { kind: 'service', id: 'test-runner' },
      };
      return services.publish(
        Subjects.testCompleted,
        {
          workspace: change.data.workspace,
          revision: change.data.commit,
          trigger: 'ci',
          status: 'passed',
          checks: [],
          plan: { create: 0, update: 0, delete: 0 },
        },
        origin,
      );
    });
    const run = await runTool(
      'ci/src/publish-change.js',
      ['--workspace', 'homelab', '--commit', commit, '--repo', 'example/iac', '--wait', '30'],
      { NATS_URL: nats.urlFor('ci') },
    );
    expect(run.stdout).toContain(`PASSED: workspace homelab at ${commit}`);
    expect(run.code).toBe(0);
  });

  it('should let an audit reader replay the events through its durable consumer', async () => {
    await services.publish(
      Subjects.mcpToolCalled,
      { tool: 'list_nodes', transport: 'http', arguments: {}, outcome: 'ok', durationMs: 3 },
      { correlationId: 'nats-replies-replay', actor: { kind: 'agent', id: 'spec' } },
    );
    const reader = connections.get('audit-reader') as NatsConnection;
    await (
      await jetstreamManager(reader)
    ).consumers.add('EVT', {
      durable_name: 'audit-reader',
      ack_policy: AckPolicy.Explicit,
    });
    const consumer = await jetstream(reader).consumers.get('EVT', 'audit-reader');
    const subjects: string[] = [];
    for await (const message of await consumer.fetch({ max_messages: 100, expires: 2_000 })) {
      subjects.push(message.subject);
      message.ack();
    }
    expect(subjects).toContain(Subjects.mcpToolCalled);
  });
});
