import { createLogger } from '@proxmox-mpc/telemetry';
import { startNatsServer } from '@proxmox-mpc/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageBus } from './message-bus';

describe('MessageBus.close', () => {
  const logger = createLogger({ service: 'bus-close-spec', level: 'silent' });

  it('should drain and close while the server is there', async () => {
    const nats = await startNatsServer();
    try {
      const bus = await MessageBus.connect({ service: 'spec', natsUrl: nats.url }, logger);
      await bus.close();
      expect(bus.nats.isClosed()).toBe(true);
    } finally {
      await nats.stop();
    }
  });

  // A service told to stop while NATS is down must stop, not wait for a reconnect
  // (Jest's timeout fails this test if close() waits).
  it('should close at once while the server is away', async () => {
    const nats = await startNatsServer();
    const bus = await MessageBus.connect({ service: 'spec', natsUrl: nats.url }, logger);
    await nats.stop();
    while (bus.isConnected()) await sleep(20);

    await bus.close();
    expect(bus.nats.isClosed()).toBe(true);
  });
});
