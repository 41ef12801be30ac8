import type { AccessConfig } from './access-config';
import { AccessControl, type PoolMembership } from './access-control';
import { PermissionEvaluator } from './permission-evaluator';

describe(AccessControl.name, () => {
  function evaluatorFor(config: AccessConfig, authId: string, pools: PoolMembership[] = []) {
    return new PermissionEvaluator(new AccessControl(config, () => pools), authId);
  }

  function privileges(config: AccessConfig, authId: string, path: string, pools: PoolMembership[] = []) {
    return [...evaluatorFor(config, authId, pools).permissions(authId, path).keys()].sort();
  }

  const alice = { userid: 'alice@pve', password: 'a-password' };

  it('should give root@pam every privilege', () => {
    const sut = evaluatorFor({}, 'root@pam');

    expect(sut.check('/vms/100', ['VM.PowerMgmt', 'Sys.Modify', 'Permissions.Modify'])).toBe(true);
  });

  it('should propagate a role from a parent path', () => {
    const config: AccessConfig = {
      users: [alice],
      acl: [{ path: '/vms', role: 'PVEVMUser', user: 'alice@pve' }],
    };

    expect(privileges(config, 'alice@pve', '/vms/100')).toContain('VM.PowerMgmt');
  });

  it('should not propagate a role set without propagation', () => {
    const config: AccessConfig = {
      users: [alice],
      acl: [{ path: '/vms', role: 'PVEVMUser', user: 'alice@pve', propagate: false }],
    };

    expect(privileges(config, 'alice@pve', '/vms')).toContain('VM.PowerMgmt');
    expect(privileges(config, 'alice@pve', '/vms/100')).toEqual([]);
  });

  it('should let a deeper entry replace what a parent granted', () => {
    const config: AccessConfig = {
      users: [alice],
      acl: [
        { path: '/', role: 'PVEAdmin', user: 'alice@pve' },
        { path: '/vms/100', role: 'PVEAuditor', user: 'alice@pve' },
      ],
    };

    expect(privileges(config, 'alice@pve', '/vms/100')).toEqual([
      'Datastore.Audit',
      'Mapping.Audit',
      'Pool.Audit',
      'SDN.Audit',
      'Sys.Audit',
      'VM.Audit',
      'VM.GuestAgent.Audit',
    ]);
    expect(privileges(config, 'alice@pve', '/vms/101')).toContain('VM.Allocate');
  });

  it("should prefer a user's own entry to its groups' at the same level", () => {
    const config: AccessConfig = {
      users: [{ ...alice, groups: ['ops'] }],
      acl: [
        { path: '/vms', role: 'PVEVMAdmin', group: 'ops' },
        { path: '/vms', role: 'PVEAuditor', user: 'alice@pve' },
      ],
    };

    expect(privileges(config, 'alice@pve', '/vms/100')).not.toContain('VM.Allocate');
  });

  it('should grant the roles of every group a user is in', () => {
    const config: AccessConfig = {
      users: [{ ...alice, groups: ['ops', 'backup'] }],
      acl: [
        { path: '/vms', role: 'PVEVMUser', group: 'ops' },
        { path: '/vms', role: 'PVETemplateUser', group: 'backup' },
      ],
    };

    expect(privileges(config, 'alice@pve', '/vms/100')).toEqual(
      expect.arrayContaining(['VM.Clone', 'VM.PowerMgmt']),
    );
  });

  it('should let NoAccess win over every other role on the same path', () => {
    const config: AccessConfig = {
      users: [{ ...alice, groups: ['ops'] }],
      acl: [
        { path: '/vms/100', role: 'PVEVMAdmin', group: 'ops' },
        { path: '/vms/100', role: 'NoAccess', group: 'ops' },
      ],
    };

    expect(privileges(config, 'alice@pve', '/vms/100')).toEqual([]);
  });

  it('should give guests in a pool the roles set on the pool, without propagation', () => {
    const config: AccessConfig = {
      users: [alice],
      acl: [{ path: '/pool/web', role: 'PVEVMUser', user: 'alice@pve' }],
    };
    const pools = [{ poolid: 'web', vms: [100], storage: [] }];

    expect(privileges(config, 'alice@pve', '/vms/100', pools)).toContain('VM.PowerMgmt');
    expect(privileges(config, 'alice@pve', '/vms/101', pools)).toEqual([]);
  });

  it("should give a token without privilege separation its user's rights", () => {
    const config: AccessConfig = {
      users: [alice],
      tokens: [{ tokenId: 'alice@pve!ci', secret: 's', privsep: false }],
      acl: [{ path: '/', role: 'PVEVMAdmin', user: 'alice@pve' }],
    };

    expect(privileges(config, 'alice@pve!ci', '/vms/100')).toContain('VM.Allocate');
  });

  it("should limit a separated token to its own ACLs intersected with its user's", () => {
    const config: AccessConfig = {
      users: [alice],
      tokens: [{ tokenId: 'alice@pve!ci', secret: 's', privsep: true }],
      acl: [
        { path: '/vms', role: 'PVEVMUser', user: 'alice@pve' },
        { path: '/', role: 'Administrator', token: 'alice@pve!ci' },
      ],
    };

    expect(privileges(config, 'alice@pve!ci', '/vms/100')).toEqual(
      privileges(config, 'alice@pve', '/vms/100'),
    );
    expect(privileges(config, 'alice@pve!ci', '/nodes/pve1')).toEqual([]);
  });

  it('should give a separated token nothing without ACLs of its own', () => {
    const config: AccessConfig = {
      users: [alice],
      tokens: [{ tokenId: 'alice@pve!ci', secret: 's' }],
      acl: [{ path: '/', role: 'Administrator', user: 'alice@pve' }],
    };

    expect(privileges(config, 'alice@pve!ci', '/vms/100')).toEqual([]);
  });

  it('should name the path and the missing privilege in a 403', () => {
    const sut = evaluatorFor({ users: [alice] }, 'alice@pve');

    expect(() => sut.check('/vms/100', ['VM.PowerMgmt'])).toThrow(
      expect.objectContaining({ status: 403, message: 'Permission check failed (/vms/100, VM.PowerMgmt)\n' }),
    );
  });

  it("should list the alternatives of an 'any' check in a 403", () => {
    const sut = evaluatorFor({ users: [alice] }, 'alice@pve');

    expect(() =>
      sut.check('/storage/local', ['Datastore.Audit', 'Datastore.AllocateSpace'], { any: true }),
    ).toThrow('Permission check failed (/storage/local, Datastore.Audit|Datastore.AllocateSpace)');
  });

  it('should report effective permissions for the top-level and ACL paths that grant anything', () => {
    const config: AccessConfig = {
      users: [alice],
      acl: [{ path: '/vms/100', role: 'PVEAuditor', user: 'alice@pve' }],
    };

    expect(evaluatorFor(config, 'alice@pve').effectivePermissions('alice@pve')).toEqual({
      '/vms/100': expect.objectContaining({ 'VM.Audit': 1 }),
    });
  });

  it('should refuse an ACL with a role that does not exist', () => {
    expect(() => new AccessControl({ acl: [{ path: '/', role: 'Nope', user: 'a@pve' }] })).toThrow(
      "ACL on /: role 'Nope' does not exist",
    );
  });

  it('should refuse a token from a disabled user', () => {
    const sut = new AccessControl({
      users: [{ ...alice, enable: false }],
      tokens: [{ tokenId: 'alice@pve!ci', secret: 's' }],
    });

    expect(sut.tokenProblem('alice@pve!ci', 's', Date.now())).toBe("user 'alice@pve' is disabled");
  });

  it('should refuse an expired token', () => {
    const sut = new AccessControl({ tokens: [{ tokenId: 'alice@pve!ci', secret: 's', expire: 1 }] });

    expect(sut.tokenProblem('alice@pve!ci', 's', Date.now())).toBe("token 'ci' access expired");
  });
});
