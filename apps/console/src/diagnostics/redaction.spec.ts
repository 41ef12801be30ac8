import { scrubbed } from './redaction';

describe(scrubbed.name, () => {
  it('should replace secret-named fields and secrets inside text, keeping the rest', () => {
    const bundle = scrubbed(
      {
        config: {
          DATABASE_URL: 'postgres://mpc:pDbPassword1@db:5432/mpc',
          LOG_LEVEL: 'info',
          PVE_TOKEN_SECRET: 'pve-secret-1',
        },
        logs: [
          { msg: 'request with Authorization: Bearer agent-token-123 refused', cipassword: 'hunter22' },
          {
            msg: 'GET failed, header PVEAPIToken=root@pam!mpc=4f1c2d3e-aaaa',
            err: 'mpc_AbCdEfGhIjKlMnOpQrStUv was revoked',
          },
          { msg: 'connected to nats://console:pConsolePass@nats:4222' },
        ],
        own: 'the console password pConsolePass appears in a message',
      },
      ['pConsolePass'],
    );

    const text = JSON.stringify(bundle);
    for (const secret of [
      'pDbPassword1',
      'pve-secret-1',
      'agent-token-123',
      'hunter22',
      '4f1c2d3e-aaaa',
      'AbCdEfGhIjKlMnOpQrStUv',
      'pConsolePass',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(bundle.config.LOG_LEVEL).toBe('info');
    expect(bundle.config.DATABASE_URL).toBe('postgres://[REDACTED]@db:5432/mpc');
    expect(bundle.logs[0]?.msg).toBe('request with Authorization: Bearer [REDACTED] refused');
  });
});
