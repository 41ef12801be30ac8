import { PveSimulator } from '../__tests__/simulator';
import { PveClient } from './pve-client';

describe(`${PveClient.name} permissions`, () => {
  let simulator: PveSimulator;
  let sut: PveClient;

  beforeAll(async () => {
    simulator = new PveSimulator({
      access: {
        users: [{ userid: 'ops@pve' }],
        // Privilege-separated: the token may only audit, though its user may administer guests.
        tokens: [{ tokenId: 'ops@pve!audit', secret: 'audit-secret', privsep: true }],
        acl: [
          { path: '/vms', role: 'PVEVMAdmin', user: 'ops@pve' },
          { path: '/vms', role: 'PVEAuditor', token: 'ops@pve!audit' },
        ],
      },
    });
    await simulator.start();
    sut = new PveClient({
      baseUrl: simulator.url,
      auth: { kind: 'token', tokenId: 'ops@pve!audit', secret: 'audit-secret' },
    });
  });

  afterAll(async () => {
    await sut.close();
    await simulator.stop();
  });

  it("should reject a call the token's own ACL does not allow with FORBIDDEN and PVE's reason", async () => {
    await expect(sut.powerGuest('pve1', 'qemu', 106, 'start')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      status: 403,
      retryable: false,
      message: 'POST /nodes/pve1/qemu/106/status/start: Permission check failed (/vms/106, VM.PowerMgmt)',
    });
  });

  it('should allow what the token may do', async () => {
    await expect(sut.guestStatus('pve1', 'qemu', 100)).resolves.toMatchObject({ vmid: 100 });
  });

  it("should read the caller's effective permissions", async () => {
    const permissions = await sut.permissions({ path: '/vms/100' });

    expect(permissions).toEqual({ '/vms/100': expect.objectContaining({ 'VM.Audit': 1 }) });
    expect(permissions['/vms/100']).not.toHaveProperty('VM.PowerMgmt');
  });

  it("should refuse another user's permissions without Sys.Audit on /access", async () => {
    await expect(sut.permissions({ userid: 'root@pam' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Permission check failed (/access, Sys.Audit)'),
    });
  });
});
