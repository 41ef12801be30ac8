import { setTimeout as sleep } from 'node:timers/promises';
import { Subjects, type Origin } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { startNatsServer, type RunningNats } from '@proxmox-mpc/testing';
import { QueryFailed } from './errors';
import { MessageBus } from './message-bus';

const origin: Origin = { correlationId: 'query-spec', actor: { kind: 'operator', id: 'spec' } };
const answer = JSON.stringify({ ok: true, data: { rows: 7 } });

/** Which of the three ways a query can go unanswered, as the caller is told. */
describe('MessageBus.query when nothing answers', () => {
  const logger = createLogger({ service: 'query-spec', level: 'silent' });
  let nats: RunningNats;
  let bus: MessageBus;

  beforeEach(async () => {
    nats = await startNatsServer();
    bus = await MessageBus.connect({ service: 'spec', natsUrl: nats.url }, logger);
  });

  afterEach(async () => {
    await bus?.close();
    await nats?.stop();
  });

  const failureOf = (query: Promise<unknown>): Promise<QueryFailed> =>
    query.then(
      () => {
        throw new Error('the query was answered');
      },
      (error: unknown) => error as QueryFailed,
    );

  it('should say no service is answering when none listens, well before a long deadline', async () => {
    const failure = await failureOf(bus.query(Subjects.auditVerify, {}, origin, { timeoutMs: 120_000 }));

    expect(failure).toBeInstanceOf(QueryFailed);
    expect(failure.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(failure.message).toMatch(
      /^no service is answering qry\.audit\.verify \(asked for \d+ ms\); is it running\?$/,
    );
  });

  it('should get the answer of a service that starts listening while it asks', async () => {
    const pending = bus.query(Subjects.auditVerify, {}, origin);
    await sleep(1_000);
    bus.nats.subscribe(Subjects.auditVerify, { callback: (_error, message) => void message.respond(answer) });

    await expect(pending).resolves.toEqual({ rows: 7 });
  });

  it('should say the bus was unreachable when NATS stays away past the deadline', async () => {
    await nats.process.stop();
    while (bus.isConnected()) await sleep(20);

    const failure = await failureOf(bus.query(Subjects.auditVerify, {}, origin, { timeoutMs: 1_500 }));

    expect(failure.code).toBe('BUS_UNAVAILABLE');
    expect(failure.message).toMatch(
      /the message bus \(NATS\) was unreachable; qry\.audit\.verify got no answer/,
    );
  });

  it('should say the answer did not come when a service hears the query but never replies', async () => {
    bus.nats.subscribe(Subjects.auditVerify, { callback: () => undefined });

    const failure = await failureOf(bus.query(Subjects.auditVerify, {}, origin, { timeoutMs: 1_000 }));

    expect(failure.code).toBe('TIMEOUT');
    expect(failure.message).toMatch(/^qry\.audit\.verify got no answer within \d+ ms$/);
  });
});
