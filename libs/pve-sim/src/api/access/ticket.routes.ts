import { PermissionEvaluator } from '../../auth/permission-evaluator';
import { isPrivilege } from '../../auth/privileges';
import { normalizeAclPath } from '../../auth/acl-path';
import { PveHttpError } from '../../http/pve-http-error';
import type { RouteDefinition, SimulatorContext } from '../../routes/route';
import { splitList } from '../../formats/value-checks';

// Source: pve-access-control PVE/API2/AccessControl.pm (get_ticket, create_ticket,
// create_ticket_do, verify_auth).

/** A dummy PVE keeps for formatters that show a login page. */
export const getTicketRoute: RouteDefinition = {
  method: 'GET',
  path: '/access/ticket',
  parameters: {},
  permissions: { user: 'world' },
  handle: () => null,
};

/**
 * Login: a user name and a password, or a still valid ticket as the password to
 * renew it (root@pam's ticket may renew anyone's). Any failure is the same 401
 * "authentication failure", so a caller cannot tell unknown users from wrong
 * passwords.
 */
export const createTicketRoute: RouteDefinition = {
  method: 'POST',
  path: '/access/ticket',
  parameters: {
    username: { type: 'string', maxLength: 64 },
    realm: { type: 'string', format: 'pve-realm', maxLength: 32, optional: true },
    password: { type: 'string' },
    otp: { type: 'string', optional: true },
    path: { type: 'string', maxLength: 64, optional: true, requires: 'privs' },
    privs: { type: 'string', format: 'pve-priv-list', maxLength: 64, optional: true, requires: 'path' },
    'new-format': { type: 'boolean', optional: true },
    'tfa-challenge': { type: 'string', optional: true },
  },
  permissions: { user: 'world' },
  allowToken: false,
  handle: ({ params }, context) => {
    const realm = params['realm'];
    const username = realm === undefined ? (params['username'] ?? '') : `${params['username']}@${realm}`;
    const password = params['password'] ?? '';
    let result: Record<string, unknown>;
    try {
      const problem = context.access.userProblem(username, Date.now());
      if (problem !== undefined) throw new Error(problem);
      result =
        params['path'] !== undefined && params['privs'] !== undefined
          ? verifyAuth(context, username, password, params['path'], params['privs'])
          : createTicket(context, username, password);
    } catch {
      // PVE logs the reason and answers without it, to prevent user enumeration.
      throw new PveHttpError(401, 'authentication failure\n');
    }
    const evaluator = new PermissionEvaluator(context.access, username);
    result['cap'] = evaluator.apiCapabilities(username);
    if (evaluator.check('/', ['Sys.Audit'], { noerr: true }))
      result['clustername'] = context.state.clusterName;
    return result;
  },
};

function createTicket(
  context: SimulatorContext,
  username: string,
  password: string,
): Record<string, unknown> {
  const ticketUser = context.tickets.verifyTicket(password);
  const renewal = ticketUser !== undefined && (ticketUser === 'root@pam' || ticketUser === username);
  if (!renewal && !context.access.passwordMatches(username, password)) throw new Error('invalid credentials');
  return {
    ticket: context.tickets.assembleTicket(username),
    username,
    CSRFPreventionToken: context.tickets.assembleCsrfToken(username),
  };
}

/** verify_auth: checks credentials and privileges without issuing a ticket (used by other daemons). */
function verifyAuth(
  context: SimulatorContext,
  username: string,
  password: string,
  path: string,
  privs: string,
): Record<string, unknown> {
  const normalized = normalizeAclPath(path);
  if (normalized === undefined) throw new Error(`invalid path - ${path}`);
  if (
    context.tickets.verifyTicket(password) !== username &&
    !context.access.passwordMatches(username, password)
  ) {
    throw new Error('invalid credentials');
  }
  const privileges = splitList(privs).filter(isPrivilege);
  const evaluator = new PermissionEvaluator(context.access, username);
  if (privileges.length === 0 || !evaluator.check(normalized, privileges, { noerr: true })) {
    throw new Error(`no permission (${path}, ${privs})`);
  }
  return { username };
}
