import type { Msg } from '@nats-io/transport-node';
import { MessageContracts, Subjects } from '@proxmox-mpc/contracts';
import { createLogger } from '@proxmox-mpc/telemetry';
import { buildEnvelope } from '../envelope-codec';
import { BroadcastReceiver } from './broadcast-receiver';

const origin = { correlationId: 'c-1', actor: { kind: 'operator' as const, id: 'me' } };
const contract = MessageContracts[Subjects.proxmoxGuestPower];

/** A message as a plain subscription hands it over. */
function received(data: unknown): Msg {
  return {
    subject: Subjects.proxmoxGuestPower,
    data: new TextEncoder().encode(JSON.stringify(data)),
    headers: undefined,
  } as unknown as Msg;
}

describe(BroadcastReceiver.name, () => {
  const sut = new BroadcastReceiver(createLogger({ service: 'spec', level: 'silent' }), 'spec');

  // What makes a cache dropped by an event current before the connection's next message.
  it('should call the handler before it returns to the subscription', () => {
    const envelope = buildEnvelope(
      Subjects.proxmoxGuestPower,
      contract.type,
      contract.data,
      { vmid: 100, action: 'stop' },
      origin,
      'svc',
    );
    const handled: unknown[] = [];

    void sut.receive(received(envelope), async (payload) => {
      handled.push(payload);
    });

    expect(handled).toEqual([envelope]);
  });

  it('should not call the handler with an invalid event', async () => {
    const handled: unknown[] = [];

    await sut.receive(received({ id: 'not-an-envelope' }), async (payload) => {
      handled.push(payload);
    });

    expect(handled).toEqual([]);
  });
});
