import { api, callApi } from '../__tests__/sim-http';
import { PveSimulator } from './pve-simulator';

describe(PveSimulator.name, () => {
  it('should resolve start with its base URL on a free port', async () => {
    const sut = new PveSimulator();
    try {
      const url = await sut.start(0);

      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sut.url).toBe(url);
    } finally {
      await sut.stop();
    }
  });

  it('should accept a configured token instead of the default one', async () => {
    const sut = new PveSimulator({ tokens: [{ tokenId: 'ops@pve!ci', secret: 's3cret' }] });
    await sut.start();
    try {
      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: 'PVEAPIToken=ops@pve!ci=s3cret',
      });

      expect(response.status).toBe(200);
    } finally {
      await sut.stop();
    }
  });

  it('should refuse connections once stopped', async () => {
    const sut = new PveSimulator();
    const url = await sut.start();
    await sut.stop();

    await expect(fetch(`${url}/api2/json/version`)).rejects.toThrow();
  });

  it('should have no URL before it is started', () => {
    expect(() => new PveSimulator().url).toThrow('the simulator is not started');
  });
});

describe(`${PveSimulator.name} over TLS`, () => {
  it('should serve HTTPS with a self-signed certificate made at start', async () => {
    const sut = new PveSimulator({ tls: 'self-signed' });
    try {
      const url = await sut.start();
      const { Agent, request } = await import('undici');
      const dispatcher = new Agent({ connect: { ca: sut.certificate ?? '' } });
      const response = await request(`${url}/api2/json/version`, {
        headers: { authorization: 'PVEAPIToken=root@pam!mpc=5c0d9f8e-3b7a-4e21-9a64-8f1e2d3c4b5a' },
        dispatcher,
      });

      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(sut.certificate).toContain('BEGIN CERTIFICATE');
      expect(response.statusCode).toBe(200);
      await response.body.text();
      await dispatcher.close();
    } finally {
      await sut.stop();
    }
  });
});
