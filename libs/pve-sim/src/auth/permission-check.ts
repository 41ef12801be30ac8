import { normalizeAclPath } from './acl-path';
import { permissionDenied } from './permission-denied';
import type { PermissionEvaluator } from './permission-evaluator';
import type { Privilege } from './privileges';

/**
 * `['perm', path, privileges, …options]` as PVE writes it in a method's
 * `permissions => { check => … }`: the path may hold `{param}` placeholders;
 * `'any', 1` accepts any one privilege; `'require_param', name` fails when the
 * parameter is absent.
 */
export type PermCheck =
  | readonly ['perm', string, readonly Privilege[]]
  | readonly ['perm', string, readonly Privilege[], 'any', 1]
  | readonly ['perm', string, readonly Privilege[], 'require_param', string]
  | readonly ['perm', string, readonly Privilege[], 'any', 1, 'require_param', string];

/** PVE's permission check expressions; the schema's `permissions.check` has the same shape. */
export type PermissionCheck =
  | PermCheck
  | readonly ['and', ...PermissionCheck[]]
  | readonly ['or', ...PermissionCheck[]]
  | readonly ['userid-param', 'self'];

/**
 * What a route requires before its handler runs, as the PVE method declares it:
 * `user: 'world'` needs no authentication, `user: 'all'` any authenticated caller (the
 * handler then filters what it returns), `check` an expression.
 */
export type RoutePermissions = { readonly user: 'world' | 'all' } | { readonly check: PermissionCheck };

/**
 * PVE::RPCEnvironment::check_api2_permissions: root@pam passes everything, `world`
 * and `all` pass any caller, anything else evaluates the check expression against
 * the request's parameters (not yet verified, as in PVE: the check runs first).
 */
export function checkApiPermissions(
  permissions: RoutePermissions | undefined,
  evaluator: PermissionEvaluator | undefined,
  params: Readonly<Record<string, unknown>>,
): void {
  if (permissions && 'user' in permissions && permissions.user === 'world') return;
  if (!evaluator) throw permissionDenied('user != null');
  if (evaluator.authId === 'root@pam') return;
  if (!permissions) throw permissionDenied('user != root@pam');
  if ('user' in permissions) return;
  execPermissionCheck(permissions.check, evaluator, params, false);
}

function execPermissionCheck(
  check: PermissionCheck,
  evaluator: PermissionEvaluator,
  params: Readonly<Record<string, unknown>>,
  noerr: boolean,
): boolean {
  switch (check[0]) {
    case 'and':
      for (const sub of check.slice(1) as PermissionCheck[])
        execPermissionCheck(sub, evaluator, params, false);
      return true;
    case 'or':
      for (const sub of check.slice(1) as PermissionCheck[]) {
        if (execPermissionCheck(sub, evaluator, params, true)) return true;
      }
      if (noerr) return false;
      throw permissionDenied();
    case 'perm': {
      const [, template, privileges, ...rest] = check;
      const options = optionsOf(rest);
      if (options.requireParam !== undefined && params[options.requireParam] === undefined) {
        if (noerr) return false;
        throw permissionDenied();
      }
      const path = templateReplace(template, params);
      return evaluator.check(normalizeAclPath(path) ?? path, privileges, { any: options.any, noerr });
    }
    case 'userid-param': {
      if (params['userid'] === evaluator.authId) return true;
      if (noerr) return false;
      throw permissionDenied();
    }
  }
}

function optionsOf(rest: readonly unknown[]): { any: boolean; requireParam?: string } {
  const options: { any: boolean; requireParam?: string } = { any: false };
  for (let index = 0; index < rest.length; index += 2) {
    if (rest[index] === 'any') options.any = Boolean(rest[index + 1]);
    if (rest[index] === 'require_param') options.requireParam = String(rest[index + 1]);
  }
  return options;
}

/** PVE::Tools::template_replace: `{name}` becomes the parameter's value, or nothing. */
function templateReplace(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  });
}
