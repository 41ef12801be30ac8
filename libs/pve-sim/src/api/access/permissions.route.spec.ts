import { api, callApi } from '../../__tests__/sim-http';
import { loginAs } from '../../__tests__/sim-login';
import { PveSimulator } from '../../simulator/pve-simulator';
import { permissionsRoute } from './permissions.route';

describe('permissions route', () => {
  let sut: PveSimulator;
  const alice = 'PVEAPIToken=alice@pve!ci=alice-secret';
  const bob = 'PVEAPIToken=bob@pve!ci=bob-secret';

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        users: [{ userid: 'alice@pve' }, { userid: 'bob@pve', password: 'bob-pw' }],
        tokens: [
          { tokenId: 'alice@pve!ci', secret: 'alice-secret', privsep: false },
          { tokenId: 'bob@pve!ci', secret: 'bob-secret', privsep: true },
        ],
        acl: [
          { path: '/pool/prod', role: 'PVEVMUser', user: 'alice@pve' },
          { path: '/vms/100', role: 'PVEAuditor', user: 'bob@pve' },
          { path: '/vms/100', role: 'PVEAuditor', token: 'bob@pve!ci' },
        ],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it(`should serve ${permissionsRoute.path}`, () => {
    expect(permissionsRoute.path).toBe('/access/permissions');
  });

  it("should list the caller's privileges by path, with propagate flags", async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions'), { authorization: alice });
    const data = response.body?.data as Record<string, Record<string, number>>;

    expect(data['/vms/100']).toMatchObject({ 'VM.PowerMgmt': 0, 'VM.Audit': 0 });
    expect(data['/pool/prod']).toMatchObject({ 'VM.PowerMgmt': 1 });
    expect(Object.keys(data)).not.toContain('/vms/200');
  });

  it('should answer for one path when asked', async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions?path=/vms/112'), {
      authorization: alice,
    });

    expect(Object.keys(response.body?.data as object)).toEqual(['/vms/112']);
  });

  it('should give root every privilege on /', async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions?path=/'));

    expect((response.body?.data as Record<string, object>)['/']).toMatchObject({
      'Sys.Modify': 1,
      'VM.Allocate': 1,
    });
  });

  it("should let a user read its own token's permissions", async () => {
    const session = await loginAs(sut, 'bob@pve', 'bob-pw');

    const response = await callApi(sut, 'GET', api('/access/permissions?userid=bob@pve!ci'), {
      authorization: null,
      headers: session.headers,
    });

    expect(response.body?.data).toEqual({ '/vms/100': expect.objectContaining({ 'VM.Audit': 1 }) });
  });

  it("should refuse another user's permissions without Sys.Audit on /access", async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions?userid=alice@pve'), {
      authorization: bob,
    });

    expect(response).toMatchObject({
      status: 403,
      statusText: 'Permission check failed (/access, Sys.Audit)',
    });
  });

  it("should let an administrator read another user's permissions", async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions?userid=bob@pve!ci&path=/vms/100'));

    expect(response.body?.data).toEqual({ '/vms/100': expect.objectContaining({ 'VM.Audit': 1 }) });
  });

  it('should refuse a userid that is neither a user nor a token id', async () => {
    const response = await callApi(sut, 'GET', api('/access/permissions?userid=bob'));

    expect(response.body?.errors).toEqual({ userid: 'value does not match the regex pattern' });
  });
});
