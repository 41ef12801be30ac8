import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseConfigSchema, ConfigError, loadConfig } from './base-config';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('accepted a broken configuration');
}

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

  it('should accept 1 to 5 stream replicas, the most JetStream keeps', () => {
    expect(loadConfig(BaseConfigSchema, { ...valid, BUS_STREAM_REPLICAS: '3' }).BUS_STREAM_REPLICAS).toBe(3);
    for (const replicas of ['0', '6', '2.5']) {
      expect(() => loadConfig(BaseConfigSchema, { ...valid, BUS_STREAM_REPLICAS: replicas })).toThrow(
        /BUS_STREAM_REPLICAS: /,
      );
    }
  });

  it('should treat empty variables as unset', () => {
    expect(loadConfig(BaseConfigSchema, { ...valid, HTTP_PORT: '' }).HTTP_PORT).toBeUndefined();
  });

  it('should read a secret setting from the file its _FILE variable names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mpc-config-')), 'database-url');
    writeFileSync(file, 'postgres://edge:pw@127.0.0.1:5432/mpc\n', { mode: 0o600 });
    const config = loadConfig(BaseConfigSchema, { NATS_URL: valid.NATS_URL, DATABASE_URL_FILE: file });
    expect(config.DATABASE_URL).toBe('postgres://edge:pw@127.0.0.1:5432/mpc');
  });

  it('should name the _FILE variable whose file cannot be read, and refuse both forms at once', () => {
    expect(
      problemsOf(() => loadConfig(BaseConfigSchema, { ...valid, NATS_URL_FILE: '/nonexistent/nats' })),
    ).toEqual(['NATS_URL and NATS_URL_FILE are both set: use one']);
    expect(
      problemsOf(() =>
        loadConfig(BaseConfigSchema, { NATS_URL: valid.NATS_URL, DATABASE_URL_FILE: '/nonexistent/db' }),
      ),
    ).toEqual(['DATABASE_URL_FILE: cannot read /nonexistent/db (ENOENT)']);
  });
});
