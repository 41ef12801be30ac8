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
