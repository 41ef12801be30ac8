import { api, callApi } from '../__tests__/sim-http';
import { DEFAULT_SIM_TOKEN } from '../auth/api-token';
import { PveSimulator } from '../simulator/pve-simulator';
import { ApiRequestHandler } from './api-request-handler';

describe(ApiRequestHandler.name, () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator();
    await sut.start();
  });

  afterAll(() => sut.stop());

  describe('authentication', () => {
    it('should answer 401 "No ticket" with no body when no token is sent', async () => {
      const response = await callApi(sut, 'GET', api('/version'), { authorization: null });

      expect(response).toMatchObject({ status: 401, statusText: 'No ticket', text: '' });
    });

    it('should answer 401 "Authentication failed!" to a wrong secret', async () => {
      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: `PVEAPIToken=${DEFAULT_SIM_TOKEN.tokenId}=not-the-secret`,
      });

      expect(response).toMatchObject({ status: 401, statusText: 'Authentication failed!', text: '' });
    });

    it('should answer 401 to an unknown token id', async () => {
      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: `PVEAPIToken=someone@pve!other=${DEFAULT_SIM_TOKEN.secret}`,
      });

      expect(response.status).toBe(401);
    });

    it('should authenticate before it looks the path up', async () => {
      const response = await callApi(sut, 'GET', api('/no/such/path'), { authorization: null });

      expect(response.status).toBe(401);
    });
  });

  describe('responses', () => {
    it('should wrap results in {"data": …} with a JSON content type', async () => {
      const response = await callApi(sut, 'GET', api('/version'));

      expect(response.contentType).toBe('application/json;charset=UTF-8');
      expect(response.body).toEqual({ data: expect.objectContaining({ version: '9.2.3' }) });
    });

    it('should answer an unknown path with 501 "Method … not implemented"', async () => {
      const response = await callApi(sut, 'GET', api('/foo'));

      expect(response.status).toBe(501);
      expect(response.statusText).toBe("Method 'GET /foo' not implemented");
      expect(response.body).toEqual({ data: null, message: "Method 'GET /foo' not implemented" });
    });

    it('should answer a method the path does not have with 501', async () => {
      const response = await callApi(sut, 'POST', api('/version'));

      expect(response.statusText).toBe("Method 'POST /version' not implemented");
    });

    it('should answer a path outside /api2 with 501 "no such uri"', async () => {
      const response = await callApi(sut, 'GET', '/index.html');

      expect(response).toMatchObject({ status: 501, statusText: 'no such uri' });
    });
  });

  describe('parameter verification', () => {
    it('should answer 400 with a type error for a non-numeric vmid', async () => {
      const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/abc/status/current'));

      expect(response.status).toBe(400);
      expect(response.statusText).toBe('Parameter verification failed.');
      expect(response.body).toEqual({
        data: null,
        message: 'Parameter verification failed.\n',
        errors: { vmid: "type check ('integer') failed - got 'abc'" },
      });
    });

    it('should answer 400 with a format error for a vmid below 100', async () => {
      const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/99/status/current'));

      expect(response.body?.errors).toEqual({
        vmid: 'invalid format - value does not look like a valid VM ID\n',
      });
    });

    it('should reject parameters the method does not declare', async () => {
      const response = await callApi(sut, 'GET', api('/version?verbose=1'));

      expect(response.body?.errors).toEqual({
        verbose: 'property is not defined in schema and the schema does not allow additional properties',
      });
    });

    it('should reject a query parameter that contradicts the path', async () => {
      const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/100/status/current?vmid=101'));

      expect(response.body?.errors).toEqual({
        vmid: 'duplicate parameter (already defined in URI) with conflicting values!',
      });
    });

    it('should reject an enum value outside the enumeration', async () => {
      const response = await callApi(sut, 'GET', api('/cluster/resources?type=pool'));

      expect(response.body?.errors).toEqual({
        type: "value 'pool' does not have a value in the enumeration 'vm, storage, node, sdn'",
      });
    });

    it('should read form-encoded POST bodies', async () => {
      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/100/status/shutdown'), {
        body: 'forceStop=yes',
        contentType: 'application/x-www-form-urlencoded',
      });

      expect(response.body?.errors).toEqual({ forceStop: "type check ('boolean') failed - got 'yes'" });
    });

    it('should read JSON POST bodies', async () => {
      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/100/status/shutdown'), {
        body: JSON.stringify({ timeout: 'soon' }),
        contentType: 'application/json',
      });

      expect(response.body?.errors).toEqual({ timeout: "type check ('integer') failed - got 'soon'" });
    });
  });

  describe('node proxying', () => {
    it('should answer 500 with a hostname lookup failure for a node outside the cluster', async () => {
      const response = await callApi(sut, 'GET', api('/nodes/pve9/qemu'));

      expect(response.status).toBe(500);
      expect(response.statusText).toBe(
        "hostname lookup 'pve9' failed - failed to get address info for: pve9: Name or service not known",
      );
    });

    it('should resolve the node before it verifies parameters', async () => {
      const response = await callApi(sut, 'GET', api('/nodes/pve9/qemu/abc/status/current'));

      expect(response.status).toBe(500);
    });
  });
});

describe(`${ApiRequestHandler.name} permissions and proxying`, () => {
  let sut: PveSimulator;
  // A privilege-separated token that may only audit guests, owned by a user who may do more.
  const auditor = 'PVEAPIToken=ops@pve!audit=audit-secret';

  beforeAll(async () => {
    sut = new PveSimulator({
      access: {
        users: [{ userid: 'ops@pve' }],
        tokens: [{ tokenId: 'ops@pve!audit', secret: 'audit-secret', privsep: true }],
        acl: [
          { path: '/vms', role: 'PVEVMAdmin', user: 'ops@pve' },
          { path: '/vms', role: 'PVEAuditor', token: 'ops@pve!audit' },
        ],
      },
      faults: {
        nodes: [
          { node: 'pve2', kind: 'offline' },
          { node: 'pve3', kind: 'proxy-failure' },
        ],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  it('should let a separated token read what its own ACL allows', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve1/qemu/100/status/current'), {
      authorization: auditor,
    });

    expect(response.status).toBe(200);
  });

  it("should answer 403 naming the path and privilege the token's ACL lacks, though its user has it", async () => {
    const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'), {
      authorization: auditor,
    });

    expect(response).toMatchObject({
      status: 403,
      statusText: 'Permission check failed (/vms/106, VM.PowerMgmt)',
    });
    expect(response.body).toEqual({
      data: null,
      message: 'Permission check failed (/vms/106, VM.PowerMgmt)\n',
    });
  });

  it('should check permissions before it verifies parameters', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/status'), { authorization: auditor });

    expect(response).toMatchObject({ status: 403, statusText: 'Permission check failed (/, Sys.Audit)' });
  });

  it('should answer 595 with the errno text and no body when the node is offline', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve2/qemu'));

    expect(response).toMatchObject({ status: 595, statusText: 'No route to host', text: '' });
  });

  it('should answer 596 when the proxied connection to the node fails', async () => {
    const response = await callApi(sut, 'GET', api('/nodes/pve3/lxc'));

    expect(response.status).toBe(596);
  });

  it('should still answer cluster-wide calls while a node is offline', async () => {
    const response = await callApi(sut, 'GET', api('/cluster/status'));
    const nodes = (response.body?.data as Array<Record<string, unknown>>).filter(
      (entry) => entry['type'] === 'node',
    );

    expect(nodes.map((node) => [node['name'], node['online']])).toEqual([
      ['pve1', 1],
      ['pve2', 0],
      ['pve3', 1],
    ]);
  });
});
