import type { AccessControl, PrivilegeSet, RoleSet } from './access-control';
import { permissionDenied } from './permission-denied';
import { ALL_PRIVILEGES, type Privilege } from './privileges';
import { isUserId, splitTokenId } from './user-id';

// get_effective_permissions always reports these, besides every ACL and pool path.
const TOP_LEVEL_PATHS = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

// compute_api_permission: which privileges count towards each `cap` section.
const CAP_SECTIONS: Readonly<Record<string, RegExp>> = {
  vms: /^(?:VM\.|Permissions\.Modify)/,
  access: /^(?:(?:User|Group)\.|Permissions\.Modify)/,
  storage: /^(?:Datastore\.|Permissions\.Modify)/,
  nodes: /^(?:Sys\.|Permissions\.Modify)/,
  sdn: /^(?:SDN\.|Permissions\.Modify)/,
  dc: /^(?:Sys\.Audit|Sys\.Modify|SDN\.)/,
  mapping: /^(?:Mapping\.|Permissions.Modify)/,
};
const CAP_PATHS = ['/', '/nodes', '/access/groups', '/vms', '/storage', '/sdn', '/mapping'];

const ROOT_PRIVILEGES: PrivilegeSet = new Map([...ALL_PRIVILEGES].map((privilege) => [privilege, true]));
const NO_PRIVILEGES: PrivilegeSet = new Map();

export interface CheckOptions {
  /** Any one of the privileges suffices (PVE's `any => 1`). */
  readonly any?: boolean;
  /** Answer false instead of throwing the 403. */
  readonly noerr?: boolean;
}

/**
 * Permission checks for one request, as PVE's RPCEnvironment does them: the
 * privileges of a user or token on a path, compiled once per path and cached for
 * the request (a listing of 10,000 guests checks each of them).
 */
export class PermissionEvaluator {
  readonly authId: string;
  readonly #access: AccessControl;
  readonly #cache = new Map<string, Map<string, PrivilegeSet>>();
  readonly #poolRoles = new Map<string, Map<string, RoleSet>>();

  constructor(access: AccessControl, authId: string) {
    this.#access = access;
    this.authId = authId;
  }

  /** PVE's `check`/`check_any`: 403 "Permission check failed (path, priv)" unless granted. */
  check(path: string, privileges: readonly Privilege[], options: CheckOptions = {}): boolean {
    return this.checkFor(this.authId, path, privileges, options);
  }

  checkFor(
    authId: string,
    path: string,
    privileges: readonly Privilege[],
    options: CheckOptions = {},
  ): boolean {
    const granted = this.permissions(authId, path);
    if (options.any) {
      if (privileges.some((privilege) => granted.has(privilege))) return true;
      if (options.noerr) return false;
      throw permissionDenied(`${path}, ${privileges.join('|')}`);
    }
    for (const privilege of privileges) {
      if (granted.has(privilege)) continue;
      if (options.noerr) return false;
      throw permissionDenied(`${path}, ${privilege}`);
    }
    return true;
  }

  /**
   * RPCEnvironment::permissions: root@pam has every privilege; a token without
   * privilege separation has its user's; a separated token has what its own ACLs
   * grant, intersected with its user's (except root@pam's tokens, which are not
   * intersected).
   */
  permissions(authId: string, path: string): PrivilegeSet {
    const perCaller = this.#cache.get(authId) ?? new Map<string, PrivilegeSet>();
    this.#cache.set(authId, perCaller);
    const cached = perCaller.get(path);
    if (cached) return cached;
    const resolved = this.#resolve(authId, path);
    perCaller.set(path, resolved);
    return resolved;
  }

  #resolve(authId: string, path: string): PrivilegeSet {
    if (authId === 'root@pam') return ROOT_PRIVILEGES;
    const token = splitTokenId(authId);
    if (token) {
      const privsep = this.#access.tokenPrivsep(authId);
      if (privsep === undefined) return NO_PRIVILEGES;
      const userPrivileges = this.permissions(token.user, path);
      if (!privsep) return userPrivileges;
    } else if (!isUserId(authId)) {
      return NO_PRIVILEGES;
    }
    return this.#compile(authId, path);
  }

  /** compile_acl_path: ACL roles, then roles inherited from pools, then privileges. */
  #compile(authId: string, path: string): PrivilegeSet {
    let roles = this.#access.roles(authId, path);
    const fromPools = this.#poolRolesOf(authId).get(path);
    if (fromPools && !roles.has('NoAccess')) {
      if (fromPools.has('NoAccess')) {
        // A pool's NoAccess beats regular ACLs; a regular NoAccess beats pools.
        roles = new Map([['NoAccess', false]]);
      } else {
        roles = new Map(roles);
        // Pool-derived roles never propagate.
        for (const role of fromPools.keys()) if (!roles.has(role)) roles.set(role, false);
      }
    }

    let privileges = new Map<Privilege, boolean>();
    for (const [role, propagate] of roles) {
      for (const privilege of this.#access.role(role) ?? []) {
        privileges.set(privilege, (privileges.get(privilege) ?? false) || propagate);
      }
    }

    const token = splitTokenId(authId);
    if (token && token.user !== 'root@pam') {
      const userPrivileges = this.permissions(token.user, path);
      const intersection = new Map<Privilege, boolean>();
      for (const [privilege, propagate] of privileges) {
        const userPropagate = userPrivileges.get(privilege);
        if (userPropagate !== undefined) intersection.set(privilege, userPropagate && propagate);
      }
      privileges = intersection;
    }
    return privileges;
  }

  /** The roles a caller has on /vms/<vmid> and /storage/<id> through ACLs on the pools holding them. */
  #poolRolesOf(authId: string): Map<string, RoleSet> {
    const existing = this.#poolRoles.get(authId);
    if (existing) return existing;
    const byPath = new Map<string, RoleSet>();
    for (const pool of this.#access.pools()) {
      const roles = this.#access.roles(authId, `/pool/${pool.poolid}`);
      if (roles.size === 0) continue;
      const paths = [
        ...[...pool.vms].map((vmid) => `/vms/${vmid}`),
        ...[...pool.storage].map((storage) => `/storage/${storage}`),
      ];
      for (const memberPath of paths) {
        const set = byPath.get(memberPath) ?? new Map<string, boolean>();
        for (const role of roles.keys()) set.set(role, true);
        byPath.set(memberPath, set);
      }
    }
    this.#poolRoles.set(authId, byPath);
    return byPath;
  }

  /** get_effective_permissions: every relevant path with at least one privilege. */
  effectivePermissions(authId: string): Record<string, Record<string, 0 | 1>> {
    const paths = new Set([...TOP_LEVEL_PATHS, ...this.#access.aclPaths()]);
    for (const pool of this.#access.pools()) {
      for (const vmid of pool.vms) paths.add(`/vms/${vmid}`);
      for (const storage of pool.storage) paths.add(`/storage/${storage}`);
    }
    const result: Record<string, Record<string, 0 | 1>> = {};
    for (const path of [...paths].sort()) {
      const privileges = this.permissions(authId, path);
      if (privileges.size > 0) result[path] = asFlags(privileges);
    }
    return result;
  }

  /** compute_api_permission: the `cap` of a login answer, which the GUI uses to show or hide actions. */
  apiCapabilities(userid: string): Record<string, Record<string, 1>> {
    const result: Record<string, Record<string, 1>> = Object.fromEntries(
      Object.keys(CAP_SECTIONS).map((section) => [section, {}]),
    );
    for (const path of new Set([...CAP_PATHS, ...this.#access.aclPaths()])) {
      const privileges = this.permissions(userid, path);
      const topLevel = /^\/(\w+)/.exec(path)?.[1] ?? 'dc';
      for (const privilege of privileges.keys()) {
        if (topLevel === 'pool') {
          if (privilege.startsWith('VM.')) setFlag(result, 'vms', privilege);
          else if (privilege.startsWith('Datastore.')) setFlag(result, 'storage', privilege);
          else if (privilege === 'Permissions.Modify') {
            setFlag(result, 'storage', privilege);
            setFlag(result, 'vms', privilege);
          }
          continue;
        }
        const pattern = CAP_SECTIONS[topLevel];
        if (pattern?.test(privilege)) setFlag(result, topLevel, privilege);
      }
    }
    return result;
  }
}

function setFlag(result: Record<string, Record<string, 1>>, section: string, privilege: string): void {
  const entry = result[section] ?? {};
  entry[privilege] = 1;
  result[section] = entry;
}

/** PVE sends the propagate flags as Perl's 0/1. */
export function asFlags(privileges: PrivilegeSet): Record<string, 0 | 1> {
  return Object.fromEntries(
    [...privileges].sort(([a], [b]) => a.localeCompare(b)).map(([name, flag]) => [name, flag ? 1 : 0]),
  );
}
