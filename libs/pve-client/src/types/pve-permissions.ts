/**
 * GET /access/permissions: ACL path → privilege → whether it propagates to paths
 * below (1) or holds on this path only (0).
 */
export type PvePermissions = Record<string, Record<string, 0 | 1>>;

export interface PvePermissionsQuery {
  /** Only this path (not normalised; PVE answers for it as given). */
  path?: string;
  /** Another user or token (needs Sys.Audit on /access unless it is the caller's own token). */
  userid?: string;
}
