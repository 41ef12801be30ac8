import { loadConfig } from '@proxmox-mpc/service-runtime';
import { AuditConfigSchema } from './config';

describe('AuditConfigSchema', () => {
  const required = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://app@127.0.0.1:5432/mpc' };

  it('should take Jaeger as an http(s) URL, without a trailing slash', () => {
    const config = loadConfig(AuditConfigSchema, { ...required, JAEGER_URL: 'https://jaeger.example/' });
    expect(config.JAEGER_URL).toBe('https://jaeger.example');
  });

  it('should refuse anything else, naming the variable', () => {
    expect(() => loadConfig(AuditConfigSchema, { ...required, JAEGER_URL: 'jaeger:16686' })).toThrow(
      /JAEGER_URL: expected an http\(s\) URL/,
    );
  });
});
