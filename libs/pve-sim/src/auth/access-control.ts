import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccessConfig, AclEntry, ApiToken, SimUser } from './access-config';
import { normalizeAclPath } from './acl-path';
import { BUILT_IN_ROLES, type Privilege, isPrivilege } from './privileges';
import { isUserId, splitTokenId } from './user-id';

/** Role name → propagate flag, as PVE::AccessControl::roles returns it. */
export type RoleSet = Map<string, boolean>;

/** Privilege → propagate flag; a privilege is granted when it is a key. */
export type PrivilegeSet = ReadonlyMap<Privilege, boolean>;

/** The members of a pool, as user.cfg's `pool:` lines record them. */
export interface PoolMembership {
  readonly poolid: string;
  readonly vms: Iterable<number>;
  readonly storage: Iterable<string>;
}

interface AclNode {
  readonly children: Map<string, AclNode>;
  readonly users: Map<string, RoleSet>;
  readonly groups: Map<string, RoleSet>;
  readonly tokens: Map<string, RoleSet>;
}

interface StoredToken {
  readonly digest: Buffer;
  readonly privsep: boolean;
  readonly expire: number;
}

/**
 * The simulated `user.cfg`: users, groups, tokens, roles and the ACL tree, with
 * PVE's role resolution (PVE::AccessControl::roles). Per-request permission checks
 * with caching live in PermissionEvaluator, as they do in PVE's RPCEnvironment.
 */
export class AccessControl {
  readonly #users = new Map<string, SimUser>();
  readonly #passwords = new Map<string, Buffer>();
  readonly #tokens = new Map<string, StoredToken>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #roles = new Map<string, ReadonlySet<Privilege>>();
  readonly #aclRoot: AclNode = aclNode();
  readonly #aclPaths = new Set<string>();
  readonly #pools: () => Iterable<PoolMembership>;

  constructor(config: AccessConfig, pools: () => Iterable<PoolMembership> = () => []) {
    this.#pools = pools;
    for (const [name, privileges] of Object.entries(BUILT_IN_ROLES)) this.#roles.set(name, privileges);
    for (const [name, privileges] of Object.entries(config.roles ?? {})) {
      const invalid = privileges.filter((privilege) => !isPrivilege(privilege));
      if (invalid.length > 0) throw new Error(`role '${name}': invalid privilege '${invalid.join(', ')}'`);
      this.#roles.set(name, new Set(privileges));
    }
    for (const group of config.groups ?? []) this.#groups.set(group, new Set());
    for (const user of config.users ?? []) this.#addUser(user);
    for (const token of config.tokens ?? []) this.#addToken(token);
    for (const entry of config.acl ?? []) this.#addAcl(entry);
  }

  #addUser(user: SimUser): void {
    if (!isUserId(user.userid)) throw new Error(`invalid user id '${user.userid}': expected name@realm`);
    this.#users.set(user.userid, user);
    if (user.password !== undefined) this.#passwords.set(user.userid, digest(user.password));
    for (const group of user.groups ?? []) {
      const members = this.#groups.get(group) ?? new Set<string>();
      members.add(user.userid);
      this.#groups.set(group, members);
    }
  }

  #addToken(token: ApiToken): void {
    const parts = splitTokenId(token.tokenId);
    if (!parts) throw new Error(`invalid API token id '${token.tokenId}': expected user@realm!tokenname`);
    // A token belongs to a user; one named only by its token is created enabled.
    if (!this.#users.has(parts.user)) this.#addUser({ userid: parts.user });
    this.#tokens.set(token.tokenId, {
      digest: digest(token.secret),
      privsep: token.privsep ?? true,
      expire: token.expire ?? 0,
    });
  }

  #addAcl(entry: AclEntry): void {
    const path = normalizeAclPath(entry.path);
    if (path === undefined) throw new Error(`invalid ACL path '${entry.path}'`);
    if (!this.#roles.has(entry.role)) throw new Error(`ACL on ${path}: role '${entry.role}' does not exist`);
    let node = this.#aclRoot;
    for (const segment of path.split('/').filter((part) => part !== '')) {
      const child = node.children.get(segment) ?? aclNode();
      node.children.set(segment, child);
      node = child;
    }
    const [table, key] =
      'user' in entry
        ? [node.users, entry.user]
        : 'group' in entry
          ? [node.groups, entry.group]
          : [node.tokens, entry.token];
    const roles = table.get(key) ?? new Map<string, boolean>();
    roles.set(entry.role, entry.propagate ?? true);
    table.set(key, roles);
    this.#aclPaths.add(path);
  }

  /** check_user_enabled: the reason a user may not authenticate, or undefined. */
  userProblem(userid: string, nowMs: number): string | undefined {
    const user = this.#users.get(userid);
    if (!user) return `no such user ('${userid}')`;
    if (user.enable === false) return `user '${userid}' is disabled`;
    if (user.expire && user.expire * 1000 < nowMs) return 'account expired';
    return undefined;
  }

  /** The password check of the user's realm; false for a user without one. */
  passwordMatches(userid: string, password: string): boolean {
    const expected = this.#passwords.get(userid);
    return expected !== undefined && timingSafeEqual(expected, digest(password));
  }

  /** verify_token: the reason the token is refused, or undefined. */
  tokenProblem(tokenId: string, secret: string, nowMs: number): string | undefined {
    const parts = splitTokenId(tokenId);
    if (!parts) return `'${tokenId}' is not a valid token ID - not able to split into user and token parts`;
    const userProblem = this.userProblem(parts.user, nowMs);
    if (userProblem) return userProblem;
    const token = this.#tokens.get(tokenId);
    if (!token) return `no such token '${parts.tokenName}' for user '${parts.user}'`;
    if (token.expire && token.expire * 1000 < nowMs) return `token '${parts.tokenName}' access expired`;
    if (!timingSafeEqual(token.digest, digest(secret))) return 'invalid token value!';
    return undefined;
  }

  /** Whether the token exists and, if so, whether it is privilege-separated. */
  tokenPrivsep(tokenId: string): boolean | undefined {
    return this.#tokens.get(tokenId)?.privsep;
  }

  isValidUser(userid: string): boolean {
    return isUserId(userid);
  }

  role(name: string): ReadonlySet<Privilege> | undefined {
    return this.#roles.get(name);
  }

  pools(): Iterable<PoolMembership> {
    return this.#pools();
  }

  /** Every path an ACL entry names, for get_effective_permissions. */
  aclPaths(): ReadonlySet<string> {
    return this.#aclPaths;
  }

  /**
   * PVE::AccessControl::roles: walks the ACL tree from `/` to `path`; at each level a
   * token's own entry beats the user's, which beats the user's groups, and a deeper
   * level replaces what was found above it. Roles set higher up count only when they
   * propagate. NoAccess wins over every other role found on the way.
   */
  roles(authId: string, path: string): RoleSet {
    if (authId === 'root@pam') return new Map([['Administrator', true]]);
    const token = splitTokenId(authId);
    if (token) {
      const privsep = this.#tokens.get(authId)?.privsep;
      if (privsep === undefined) return new Map();
      if (!privsep) return this.roles(token.user, path);
    }

    const segments = path === '/' ? [''] : path.split('/');
    let roles: RoleSet = new Map();
    let node: AclNode | undefined = this.#aclRoot;
    for (const [index, segment] of segments.entries()) {
      const final = index === segments.length - 1;
      if (segment !== '') node = node?.children.get(segment);
      if (!node) break;
      const found =
        applicable(node.tokens.get(authId), final) ??
        applicable(node.users.get(authId), final) ??
        this.#groupRoles(node, authId, final);
      if (found) roles = found;
    }
    const noAccess = roles.get('NoAccess');
    return noAccess === undefined ? roles : new Map([['NoAccess', noAccess]]);
  }

  #groupRoles(node: AclNode, userid: string, final: boolean): RoleSet | undefined {
    let found: RoleSet | undefined;
    for (const [group, roles] of node.groups) {
      if (!this.#groups.get(group)?.has(userid)) continue;
      const applied = applicable(roles, final);
      if (!applied) continue;
      found ??= new Map();
      for (const [role, propagate] of applied) found.set(role, propagate);
    }
    return found;
  }
}

/** The roles of one ACL entry that apply at this level: all at the target, only propagating ones above it. */
function applicable(roles: RoleSet | undefined, final: boolean): RoleSet | undefined {
  if (!roles) return undefined;
  const result: RoleSet = new Map();
  for (const [role, propagate] of roles) if (final || propagate) result.set(role, propagate);
  return result.size > 0 ? result : undefined;
}

function aclNode(): AclNode {
  return { children: new Map(), users: new Map(), groups: new Map(), tokens: new Map() };
}

// Equal-length digests let timingSafeEqual compare secrets of any length.
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
