import type { Privilege } from './privileges';

/** A user of the `pam` or `pve` realm, as `user.cfg` holds it. */
export interface SimUser {
  /** `name@realm`, e.g. `alice@pve`. */
  readonly userid: string;
  /** Accepted by POST /access/ticket; a user without one cannot log in with a password. */
  readonly password?: string;
  /** Default true; a disabled user's tickets and tokens stop working. */
  readonly enable?: boolean;
  /** Epoch seconds; 0 or absent never expires. */
  readonly expire?: number;
  readonly groups?: readonly string[];
}

/** An API token; PVE calls it `user@realm!tokenname`. */
export interface ApiToken {
  readonly tokenId: string;
  readonly secret: string;
  /**
   * Privilege separation. true (PVE's default for a new token): the token has only
   * what ACLs grant the token itself, intersected with its user's rights. false: it
   * has its user's rights.
   */
  readonly privsep?: boolean;
  /** Epoch seconds; 0 or absent never expires. */
  readonly expire?: number;
}

/** One ACL entry (`acl:<propagate>:<path>:<ugid>:<role>:` in user.cfg), for one user, group or token. */
export type AclEntry = {
  readonly path: string;
  readonly role: string;
  /** Default true, as `pveum acl modify` sets it. */
  readonly propagate?: boolean;
} & ({ readonly user: string } | { readonly group: string } | { readonly token: string });

/** Users, groups, tokens, custom roles and ACLs of the simulated cluster. */
export interface AccessConfig {
  readonly users?: readonly SimUser[];
  readonly tokens?: readonly ApiToken[];
  /** Groups that exist without members named in `users[].groups`. */
  readonly groups?: readonly string[];
  /** Custom roles next to the built-in ones (Administrator, PVEVMAdmin, PVEAuditor, …). */
  readonly roles?: Readonly<Record<string, readonly Privilege[]>>;
  readonly acl?: readonly AclEntry[];
}

/** The password of root@pam unless a scenario or test sets another. */
export const DEFAULT_ROOT_PASSWORD = 'pve-sim-root';

/** The token a simulator accepts unless told otherwise; fixed so local runs and tests can share it. */
export const DEFAULT_SIM_TOKEN = {
  tokenId: 'root@pam!mpc',
  secret: '5c0d9f8e-3b7a-4e21-9a64-8f1e2d3c4b5a',
  privsep: false,
} as const satisfies ApiToken;
