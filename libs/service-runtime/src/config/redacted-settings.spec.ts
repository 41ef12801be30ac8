import { redactedSettings } from './redacted-settings';

describe(redactedSettings.name, () => {
  it('should keep plain settings and hide every secret, in URLs too', () => {
    const shown = redactedSettings({
      NATS_URL: 'nats://mpc-service:pNatsPassword@nats:4222',
      DATABASE_URL: 'postgres://proxmox_mpc:pDbPassword@postgres:5432/proxmox_mpc',
      MCP_BEARER_TOKEN: 'bearer-secret-value',
      MCP_STATE_KEY: 'state-key-value',
      PVE_TOKEN_SECRET: 'pve-secret-value',
      PVE_SECRETS_KEY: 'secrets-key-value',
      LOG_LEVEL: 'info',
      HTTP_PORT: 8080,
      MCP_TOOL_RATE_LIMITS: { iac_apply: 5 },
      PVE_CA_FILE: undefined,
    });

    expect(shown).toEqual({
      NATS_URL: 'nats://[REDACTED]@nats:4222',
      DATABASE_URL: 'postgres://[REDACTED]@postgres:5432/proxmox_mpc',
      MCP_BEARER_TOKEN: '[REDACTED]',
      MCP_STATE_KEY: '[REDACTED]',
      PVE_TOKEN_SECRET: '[REDACTED]',
      PVE_SECRETS_KEY: '[REDACTED]',
      LOG_LEVEL: 'info',
      HTTP_PORT: '8080',
      MCP_TOOL_RATE_LIMITS: '{"iac_apply":5}',
    });
  });

  it('should hide a NATS token given as the URL user', () => {
    expect(redactedSettings({ NATS_URL: 'nats://s3cr3t-token@127.0.0.1:4222' })).toEqual({
      NATS_URL: 'nats://[REDACTED]@127.0.0.1:4222',
    });
  });
});
