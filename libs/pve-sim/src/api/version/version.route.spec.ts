import { api, callApi } from '../../__tests__/sim-http';
import { PveSimulator } from '../../simulator/pve-simulator';
import { versionRoute } from './version.route';

describe('version route', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  it(`should serve ${versionRoute.path}`, () => {
    expect(versionRoute.path).toBe('/version');
  });

  it('should answer as Proxmox VE 9.2.3', async () => {
    const response = await callApi(sut, 'GET', api('/version'));

    expect(response.body?.data).toEqual({ version: '9.2.3', release: '9.2', repoid: expect.any(String) });
  });
});
