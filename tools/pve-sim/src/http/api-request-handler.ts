import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenAuthenticator } from '../auth/api-token';
import { matchRoute } from '../routes/match-route';
import type { RouteDefinition, SimulatorContext } from '../routes/route';
import { verifyParameters } from '../routes/verify-parameters';
import { resolveProxyNode } from './proxy-to-node';
import { PveHttpError } from './pve-http-error';
import { type RawParameter, readRequestParameters } from './request-parameters';
import { sendData, sendError, sendUnauthorized } from './responses';
import { uriUnescape } from './uri-unescape';

// pve-http-server's split_abs_uri: /api2/<format>/<path below the API root>.
const API_PATH = /^\/api2\/+([a-z][a-z0-9]+)(\/.*)?$/;

/**
 * One API request, in the order pve-http-server and PVE::RESTHandler handle it:
 * URI, authentication, method lookup, proxy to the node, parameter verification,
 * the handler. Any other failure in a handler becomes a 500 carrying its message,
 * which is what a `die` in a PVE handler produces.
 */
export class ApiRequestHandler {
  readonly #routes: readonly RouteDefinition[];
  readonly #authenticator: TokenAuthenticator;
  readonly #context: SimulatorContext;

  constructor(
    routes: readonly RouteDefinition[],
    authenticator: TokenAuthenticator,
    context: SimulatorContext,
  ) {
    this.#routes = routes;
    this.#authenticator = authenticator;
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
    const api = API_PATH.exec(uriUnescape(url.pathname));
    if (!api) throw new PveHttpError(501, 'no such uri');

    const auth = this.#authenticator.authenticate(request.headers.authorization);
    if (!auth.ok) {
      sendUnauthorized(response, auth.reason);
      return;
    }

    const [, format, relativePath = '/'] = api;
    if (format !== 'json') throw new PveHttpError(501, `no formatter for uri ${relativePath}, ${format}`);
    const match = matchRoute(this.#routes, method, relativePath);
    if (!match) throw PveHttpError.notImplemented(method, relativePath);

    const received = mergePathParameters(
      match.pathParams,
      await readRequestParameters(request, url.searchParams),
    );
    if (match.route.proxyToNode) resolveProxyNode(this.#context.state, match.pathParams['node']);
    const params = verifyParameters(match.route.parameters, received);
    sendData(response, match.route.handle({ params, identity: auth.identity }, this.#context));
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
