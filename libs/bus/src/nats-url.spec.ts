import { createLogger } from '@proxmox-mpc/telemetry';
import { startNatsServer, type RunningNats } from '@proxmox-mpc/testing';
import { MessageBus } from './message-bus';
import { inboxPrefixFor, natsConnectionOptions } from './nats-url';

describe(natsConnectionOptions.name, () => {
  it('should take a user and password out of the URL, with an inbox prefix of that user', () => {
    expect(natsConnectionOptions('nats://mpc-service:p%40ss@nats:4222')).toEqual({
      servers: 'nats://nats:4222',
      user: 'mpc-service',
      pass: 'p@ss',
      inboxPrefix: '_INBOX_mpc-service',
    });
  });

  it('should keep an inbox prefix one subject token whatever the user is called', () => {
    expect(inboxPrefixFor('ci.github *>')).toBe('_INBOX_ci_github___');
  });

  it('should read a lone user part as a token', () => {
    expect(natsConnectionOptions('nats://s3cr3t@127.0.0.1:4222')).toEqual({
      servers: 'nats://127.0.0.1:4222',
      token: 's3cr3t',
    });
  });

  it('should pass a plain URL through', () => {
    expect(natsConnectionOptions('nats://127.0.0.1:4222')).toEqual({ servers: 'nats://127.0.0.1:4222' });
  });
});

describe('MessageBus against a NATS server that requires a password', () => {
  let nats: RunningNats;
  const logger = createLogger({ service: 'nats-auth-spec', level: 'silent' });

  beforeAll(async () => {
    nats = await startNatsServer({ auth: { user: 'mpc-service', password: 'a long secret' } });
  });

  afterAll(async () => {
    await nats?.stop();
  });

  it('should connect with the credentials in NATS_URL', async () => {
    const url = nats.url.replace('nats://', 'nats://mpc-service:a%20long%20secret@');
    const bus = await MessageBus.connect({ service: 'spec', natsUrl: url }, logger);
    expect(bus.isConnected()).toBe(true);
    await bus.close();
  });

  it('should be refused without them', async () => {
    await expect(MessageBus.connect({ service: 'spec', natsUrl: nats.url }, logger)).rejects.toThrow(
      /authoriz/i,
    );
  });
});
