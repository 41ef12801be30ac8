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
