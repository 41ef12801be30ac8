import { asFlags } from '../../auth/permission-evaluator';
import { splitTokenId } from '../../auth/user-id';
import type { RouteDefinition } from '../../routes/route';

// pve-access-control's $userid_or_token_regex.
const USERID_OR_TOKEN = /[^\s:/]+@[A-Za-z][A-Za-z0-9.\-_]+(?:![A-Za-z][A-Za-z0-9.\-_]+)?/;

// Source: pve-access-control PVE/API2/AccessControl.pm 'permissions'.
export const permissionsRoute: RouteDefinition = {
  method: 'GET',
  path: '/access/permissions',
  parameters: {
    userid: { type: 'string', pattern: USERID_OR_TOKEN, optional: true },
    path: { type: 'string', optional: true },
  },
  // Anyone may read their own permissions and their tokens'; others' need Sys.Audit on /access.
  permissions: { user: 'all' },
  handle: ({ params, identity, access }) => {
    const userid = params['userid'] ?? identity.authId;
    const owner = splitTokenId(userid)?.user;
    if (userid !== identity.authId && owner !== identity.authId) access.check('/access', ['Sys.Audit']);
    const path = params['path'];
    if (path) return { [path]: asFlags(access.permissions(userid, path)) };
    return access.effectivePermissions(userid);
  },
};
