import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessControl } from '../auth/access-control';
import { checkApiPermissions } from '../auth/permission-check';
import { permissionDenied } from '../auth/permission-denied';
import { PermissionEvaluator } from '../auth/permission-evaluator';
import { CSRF_HEADER, type RequestAuth, type RequestAuthenticator } from '../auth/request-authenticator';
import type { AuthIdentity } from '../auth/user-id';
import { CONTROL_PREFIX, handleControlRequest } from '../faults/fault-control';
import type { FaultInjector } from '../faults/fault-injector';
import { matchRoute } from '../routes/match-route';
import type { RouteDefinition, SimulatorContext } from '../routes/route';
import { verifiedArrays, verifyParameters } from '../routes/verify-parameters';
import { resolveProxyNode } from './proxy-to-node';
import { PveHttpError } from './pve-http-error';
import { type RawParameter, readRequestParameters } from './request-parameters';
import type { RequestStats } from './request-stats';
import { sendData, sendError, sendStatusOnly, sendUnauthorized } from './responses';
import { uriUnescape } from './uri-unescape';

// pve-http-server's split_abs_uri: /api2/<format>/<path below the API root>.
const API_PATH = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/;

// The login calls run before anyone is authenticated; their handlers see this caller.
const ANONYMOUS: AuthIdentity = { authId: '', user: '' };

export interface RequestHandlerDependencies {
  readonly authenticator: RequestAuthenticator;
  readonly access: AccessControl;
  readonly faults: FaultInjector;
  readonly stats: RequestStats;
}

/**
 * One API request, in the order pve-http-server and PVE::HTTPServer handle it:
 * URI, authentication (ticket or token, CSRF for ticket writes), method lookup,
 * merging path and request parameters, the API-token check, the permission check,
 * the proxy to the node that owns the resource, parameter verification, the
 * handler. Any other failure in a handler becomes a 500 carrying its message,
 * which is what a `die` in a PVE handler produces. Injected faults act first, as
 * a slow or failing network in front of the node would.
 */
export class ApiRequestHandler {
  readonly #routes: readonly RouteDefinition[];
  readonly #deps: RequestHandlerDependencies;
  readonly #context: SimulatorContext;

  constructor(
    routes: readonly RouteDefinition[],
    deps: RequestHandlerDependencies,
    context: SimulatorContext,
  ) {
    this.#routes = routes;
    this.#deps = deps;
    this.#context = context;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      await this.#dispatch(request, response);
    } catch (error: unknown) {
      sendError(response, asPveHttpError(error));
    }
  }

  async #dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://pve-sim');
    const pathname = uriUnescape(url.pathname);
    if (pathname.startsWith(CONTROL_PREFIX)) {
      await handleControlRequest(request, response, pathname, {
        faults: this.#deps.faults,
        stats: this.#deps.stats,
        authenticate: (incoming) => this.#authenticate(incoming, method, '/'),
        evaluator: (authId) => new PermissionEvaluator(this.#deps.access, authId),
      });
      return;
    }
    const api = API_PATH.exec(pathname);
    if (!api) throw new PveHttpError(501, 'no such uri');
    this.#deps.stats.track(method, response);

    const [, format, relativePath = '/'] = api;
    const injected = await this.#deps.faults.beforeRequest(relativePath);
    if (injected) {
      sendStatusOnly(response, injected.status, injected.message);
      return;
    }

    const authResult = this.#authenticate(request, method, relativePath);
    if (!authResult.ok) {
      sendUnauthorized(response, authResult.reason);
      return;
    }
    const auth = authResult.auth;

    if (format !== 'json') throw new PveHttpError(501, `no formatter for uri ${relativePath}, ${format}`);
    const match = matchRoute(this.#routes, method, relativePath);
    if (!match) throw PveHttpError.notImplemented(method, relativePath);
    const { route } = match;

    const received = mergePathParameters(
      match.pathParams,
      await readRequestParameters(request, url.searchParams),
    );
    if (auth.viaApiToken && route.allowToken === false) {
      throw permissionDenied(`URI '${relativePath}' not available with API token, need proper ticket.\n`);
    }
    const evaluator = this.#evaluatorFor(auth);
    checkApiPermissions(route.permissions, evaluator, received);
    if (route.proxyToNode) {
      const node = resolveProxyNode(this.#context.state, match.pathParams['node']);
      const failure = this.#deps.faults.proxyError(node.name);
      if (failure) {
        sendStatusOnly(response, failure.status, failure.reason);
        return;
      }
    }
    const params = verifyParameters(route.parameters, received);
    const call = {
      params,
      arrays: verifiedArrays(route.parameters, received),
      identity: auth.identity ?? ANONYMOUS,
      access: evaluator ?? new PermissionEvaluator(this.#deps.access, ANONYMOUS.authId),
    };
    sendData(response, await route.handle(call, this.#context));
  }

  #authenticate(request: IncomingMessage, method: string, relativePath: string) {
    const csrf = request.headers[CSRF_HEADER];
    return this.#deps.authenticator.authenticate({
      method,
      relativePath,
      cookie: request.headers.cookie,
      authorization: request.headers.authorization,
      csrfToken: Array.isArray(csrf) ? csrf[0] : csrf,
    });
  }

  #evaluatorFor(auth: RequestAuth): PermissionEvaluator | undefined {
    return auth.identity ? new PermissionEvaluator(this.#deps.access, auth.identity.authId) : undefined;
  }
}

/** PVE::HTTPServer::rest_handler: a parameter may repeat a path parameter, but not contradict it. */
function mergePathParameters(
  pathParams: Readonly<Record<string, string>>,
  received: Readonly<Record<string, RawParameter>>,
): Record<string, RawParameter> {
  const conflicts = Object.keys(received).filter(
    (name) => Object.hasOwn(pathParams, name) && received[name] !== pathParams[name],
  );
  if (conflicts.length > 0) {
    const message = 'duplicate parameter (already defined in URI) with conflicting values!';
    throw PveHttpError.parameters(Object.fromEntries(conflicts.map((name) => [name, message])));
  }
  return { ...received, ...pathParams };
}

function asPveHttpError(error: unknown): PveHttpError {
  if (error instanceof PveHttpError) return error;
  return PveHttpError.failed(error instanceof Error ? error.message : String(error));
}
