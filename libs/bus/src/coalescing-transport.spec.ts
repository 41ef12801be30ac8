import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer } from '@proxmox-mpc/testing';
import { CoalescingTransport, connectNats } from './coalescing-transport';

type StartedNats = Awaited<ReturnType<typeof startNatsServer>>;

function transportOf(connection: NatsConnection): CoalescingTransport {
  return (connection as unknown as { protocol: { transport: CoalescingTransport } }).protocol.transport;
}

async function received(
  connection: NatsConnection,
  subject: string,
  count: number,
): Promise<() => Promise<string[]>> {
  const subscription = connection.subscribe(subject, { max: count });
  await connection.flush();
  return async () => {
    const payloads: string[] = [];
    for await (const message of subscription) payloads.push(message.string());
    return payloads;
  };
}

describe('CoalescingTransport', () => {
  let server: StartedNats;
  let sender: NatsConnection;
  let receiver: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  beforeEach(async () => {
    sender = await connectNats({ servers: server.url });
    receiver = await connectNats({ servers: server.url });
  });
  afterEach(async () => {
    await Promise.all([sender, receiver].map((connection) => connection.close()));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('writes the first flush of a turn at once and the rest of the turn as one write, in order', async () => {
    const all = await received(receiver, 'spec.coalesce', 100);
    const transport = transportOf(sender);
    expect(transport).toBeInstanceOf(CoalescingTransport);
    const writes = jest.spyOn(transport.socket, 'write');

    // Each publish in a microtask of its own, as handlers finishing side by side do: the
    // client alone would flush its buffer between them, one write each.
    for (let index = 0; index < 100; index += 1) {
      sender.publish('spec.coalesce', String(index));
      await Promise.resolve();
    }
    expect(writes).toHaveBeenCalledTimes(1);
    await sender.flush();

    expect(writes).toHaveBeenCalledTimes(2);
    expect(await all()).toEqual(Array.from({ length: 100 }, (_, index) => String(index)));
  });

  it('still sends a lone message, and what is pending when the connection closes', async () => {
    const lone = await received(receiver, 'spec.lone', 1);
    sender.publish('spec.lone', 'one');
    expect(await lone()).toEqual(['one']);

    const last = await received(receiver, 'spec.last', 1);
    sender.publish('spec.last', 'before close');
    await sender.close();
    expect(await last()).toEqual(['before close']);
  });
});
