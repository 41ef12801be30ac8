import { api, callApi } from '../../__tests__/sim-http';
import { loginAs } from '../../__tests__/sim-login';
import { DEFAULT_ROOT_PASSWORD } from '../../auth/access-config';
import { PveSimulator } from '../../simulator/pve-simulator';

describe('ticket routes', () => {
  let sut: PveSimulator;

  beforeAll(async () => {
    sut = new PveSimulator({
      taskDurationMs: 10,
      access: {
        users: [
          { userid: 'alice@pve', password: 'alice-pw' },
          { userid: 'gone@pve', password: 'gone-pw', enable: false },
        ],
        acl: [{ path: '/vms/106', role: 'PVEVMUser', user: 'alice@pve' }],
      },
    });
    await sut.start();
  });

  afterAll(() => sut.stop());

  function postTicket(fields: Record<string, string>, authorization: string | null = null) {
    return callApi(sut, 'POST', api('/access/ticket'), {
      authorization,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(fields).toString(),
    });
  }

  describe('login', () => {
    it('should answer a ticket, a CSRF token, the user, its capabilities and the cluster name', async () => {
      const session = await loginAs(sut, 'root@pam', DEFAULT_ROOT_PASSWORD);

      expect(session.data).toEqual({
        ticket: expect.stringMatching(/^PVE:root@pam:[0-9A-F]{8}::/),
        CSRFPreventionToken: expect.stringMatching(/^[0-9A-F]{8}:/),
        username: 'root@pam',
        clustername: 'homelab',
        cap: expect.objectContaining({ vms: expect.objectContaining({ 'VM.PowerMgmt': 1 }) }),
      });
    });

    it('should take the realm as a separate parameter', async () => {
      const response = await postTicket({ username: 'alice', realm: 'pve', password: 'alice-pw' });

      expect(response.body?.data).toMatchObject({ username: 'alice@pve' });
    });

    it('should leave out the cluster name for a user who may not audit /', async () => {
      const session = await loginAs(sut, 'alice@pve', 'alice-pw');

      expect(session.data).not.toHaveProperty('clustername');
    });

    it.each([
      ['a wrong password', { username: 'alice@pve', password: 'nope' }],
      ['an unknown user', { username: 'nobody@pve', password: 'alice-pw' }],
      ['a disabled user', { username: 'gone@pve', password: 'gone-pw' }],
    ])('should answer 401 "authentication failure" to %s', async (_case, fields) => {
      const response = await postTicket(fields);

      expect(response).toMatchObject({ status: 401, statusText: 'authentication failure' });
      expect(response.body).toEqual({ data: null, message: 'authentication failure\n' });
    });

    it('should refuse to create a ticket for an API token', async () => {
      const response = await postTicket(
        { username: 'root@pam', password: DEFAULT_ROOT_PASSWORD },
        'PVEAPIToken=root@pam!mpc=5c0d9f8e-3b7a-4e21-9a64-8f1e2d3c4b5a',
      );

      expect(response).toMatchObject({
        status: 403,
        statusText:
          "Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.",
      });
    });

    it('should renew a valid ticket sent as the password', async () => {
      const session = await loginAs(sut, 'alice@pve', 'alice-pw');

      const response = await postTicket({ username: 'alice@pve', password: session.ticket });

      expect(response.status).toBe(200);
      expect(response.body?.data).toMatchObject({ username: 'alice@pve', ticket: expect.any(String) });
    });

    it("should not renew another user's ticket", async () => {
      const session = await loginAs(sut, 'alice@pve', 'alice-pw');

      const response = await postTicket({ username: 'root@pam', password: session.ticket });

      expect(response.status).toBe(401);
    });

    it('should check privileges without issuing a ticket when path and privs are given', async () => {
      const allowed = await postTicket({
        username: 'alice@pve',
        password: 'alice-pw',
        path: '/vms/106',
        privs: 'VM.PowerMgmt',
      });
      const denied = await postTicket({
        username: 'alice@pve',
        password: 'alice-pw',
        path: '/vms/100',
        privs: 'VM.PowerMgmt',
      });

      expect(allowed.body?.data).toEqual({ username: 'alice@pve', cap: expect.any(Object) });
      expect(denied.status).toBe(401);
    });

    it('should require privs together with path', async () => {
      const response = await postTicket({ username: 'alice@pve', password: 'alice-pw', path: '/vms/106' });

      expect(response.body?.errors).toEqual({ privs: "missing property required by 'path'" });
    });
  });

  describe('ticket authentication', () => {
    it('should accept the ticket in the PVEAuthCookie cookie', async () => {
      const session = await loginAs(sut, 'root@pam', DEFAULT_ROOT_PASSWORD);

      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: null,
        headers: session.headers,
      });

      expect(response.status).toBe(200);
    });

    it('should accept the cookie key in the Authorization header too', async () => {
      const session = await loginAs(sut, 'root@pam', DEFAULT_ROOT_PASSWORD);

      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: `PVEAuthCookie=${encodeURIComponent(session.ticket)}`,
      });

      expect(response.status).toBe(200);
    });

    it('should refuse a write without the CSRF prevention token', async () => {
      const session = await loginAs(sut, 'root@pam', DEFAULT_ROOT_PASSWORD);

      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'), {
        authorization: null,
        headers: session.headers,
      });

      expect(response).toMatchObject({
        status: 401,
        statusText: 'Permission denied - invalid csrf token',
        text: '',
      });
    });

    it('should refuse a CSRF token made for another user', async () => {
      const root = await loginAs(sut, 'root@pam', DEFAULT_ROOT_PASSWORD);
      const alice = await loginAs(sut, 'alice@pve', 'alice-pw');

      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'), {
        authorization: null,
        headers: { ...alice.headers, csrfpreventiontoken: root.csrf },
      });

      expect(response.status).toBe(401);
    });

    it('should run a write with the CSRF prevention token, as the ticket user', async () => {
      const session = await loginAs(sut, 'alice@pve', 'alice-pw');

      const response = await callApi(sut, 'POST', api('/nodes/pve1/qemu/106/status/start'), {
        authorization: null,
        headers: session.writeHeaders,
      });

      expect(response.status).toBe(200);
      expect(response.body?.data).toMatch(/:qmstart:106:alice@pve:$/);
    });

    it('should answer 401 "Authentication failed!" to a forged ticket', async () => {
      const response = await callApi(sut, 'GET', api('/version'), {
        authorization: null,
        headers: { cookie: 'PVEAuthCookie=PVE:root@pam:6720B3C4::Zm9yZ2Vk' },
      });

      expect(response).toMatchObject({ status: 401, statusText: 'Authentication failed!' });
    });
  });

  describe('ticket lifetime', () => {
    it('should refuse a ticket once its lifetime is over', async () => {
      const shortLived = new PveSimulator({ ticketLifetimeMs: 1_000 });
      await shortLived.start();
      try {
        const session = await loginAs(shortLived, 'root@pam', DEFAULT_ROOT_PASSWORD);
        await new Promise((resolve) => setTimeout(resolve, 2_100));

        const response = await callApi(shortLived, 'GET', api('/version'), {
          authorization: null,
          headers: session.headers,
        });

        expect(response).toMatchObject({ status: 401, statusText: 'Authentication failed!' });
      } finally {
        await shortLived.stop();
      }
    });
  });
});
