import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type RunningNats } from '@proxmox-mpc/testing';
import { ConnectionState, requestWithinDeadline } from './resilient-request';

const SUBJECT = 'qry.spec.resilient';

describe('requestWithinDeadline', () => {
  let nats: RunningNats;
  let client: NatsConnection;
  let responder: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    client = await connect({ servers: nats.url });
    responder = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await client?.close();
    await responder?.close();
    await nats?.stop();
  });

  const ask = (connection: ConnectionState, timeoutMs = 5_000) =>
    requestWithinDeadline(client, connection, {
      subject: SUBJECT,
      payload: 'ping',
      headers: headers(),
      timeoutMs,
      noResponderPatienceMs: timeoutMs,
    });

  it('should hold a wait for the next reconnect only while a request is in flight', async () => {
    const connection = new ConnectionState();
    const held: number[] = [];
    const subscription = responder.subscribe(SUBJECT, {
      callback: (_error, message) => {
        held.push(connection.waitingForReconnect);
        message.respond('pong');
      },
    });
    await responder.flush();

    const replies = await Promise.all(Array.from({ length: 50 }, () => ask(connection)));

    expect(replies.map((reply) => reply.string())).toEqual(Array(50).fill('pong'));
    expect(Math.max(...held)).toBeGreaterThan(0);
    expect(connection.waitingForReconnect).toBe(0);
    subscription.unsubscribe();
  });

  it('should send again at once when the connection comes back while it waits', async () => {
    const connection = new ConnectionState();
    let heard = 0;
    const subscription = responder.subscribe(SUBJECT, {
      // The first request is lost, as one is when the connection drops under it.
      callback: (_error, message) => {
        heard += 1;
        if (heard > 1) message.respond('second');
      },
    });
    await responder.flush();

    const reply = ask(connection, 60_000);
    while (heard === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    connection.reconnect();

    expect((await reply).string()).toBe('second');
    expect(heard).toBe(2);
    expect(connection.waitingForReconnect).toBe(0);
    subscription.unsubscribe();
  });
});
