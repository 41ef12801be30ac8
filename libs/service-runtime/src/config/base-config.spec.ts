import { BaseConfigSchema, ConfigError, loadConfig } from './base-config';

describe(loadConfig.name, () => {
  const valid = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://app@127.0.0.1:5432/mpc' };

  it('should apply defaults', () => {
    expect(loadConfig(BaseConfigSchema, valid)).toMatchObject({ HTTP_HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  });

  it('should name every missing or malformed variable at once', () => {
    const failure = (() => {
      try {
        loadConfig(BaseConfigSchema, { DATABASE_URL: 'mysql://x', HTTP_PORT: 'eighty', LOG_LEVEL: 'loud' });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('accepted a broken configuration');
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure.problems).toEqual(
      expect.arrayContaining([
        'NATS_URL is required',
        'DATABASE_URL: expected a postgres:// URL',
        expect.stringMatching(/^HTTP_PORT: /),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
  });

  it('should treat empty variables as unset', () => {
    expect(loadConfig(BaseConfigSchema, { ...valid, HTTP_PORT: '' }).HTTP_PORT).toBeUndefined();
  });
});
