import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthResult } from '../auth/request-authenticator';
import type { PermissionEvaluator } from '../auth/permission-evaluator';
import { PveHttpError } from '../http/pve-http-error';
import type { RequestStats } from '../http/request-stats';
import { sendData, sendError, sendUnauthorized } from '../http/responses';
import type { FaultInjector } from './fault-injector';
import type { FaultOptions } from './fault-options';

/** Where tests and operators steer the simulator; outside /api2, so no PVE client calls it by accident. */
export const CONTROL_PREFIX = '/_sim/';

const MAX_BODY_BYTES = 64 * 1024;

export interface ControlDependencies {
  readonly faults: FaultInjector;
  readonly stats: RequestStats;
  /** Authenticates like an API call; the caller needs Sys.Modify on `/` (the default root token has it). */
  readonly authenticate: (request: IncomingMessage) => AuthResult;
  readonly evaluator: (authId: string) => PermissionEvaluator;
}

/**
 * `/_sim/faults` (GET the faults, POST a JSON FaultOptions to replace them, DELETE to
 * clear them and release hanging requests) and `/_sim/stats` (GET request counters,
 * DELETE to reset them). Answers use PVE's `{"data": …}` envelope.
 */
export async function handleControlRequest(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  deps: ControlDependencies,
): Promise<void> {
  const auth = deps.authenticate(request);
  if (!auth.ok) {
    sendUnauthorized(response, auth.reason);
    return;
  }
  const authId = auth.auth.identity?.authId;
  if (authId === undefined || !deps.evaluator(authId).check('/', ['Sys.Modify'], { noerr: true })) {
    sendError(response, new PveHttpError(403, 'Permission check failed (/, Sys.Modify)\n'));
    return;
  }

  const method = request.method ?? 'GET';
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sim/faults':
      sendData(response, { ...deps.faults.current(), held: deps.faults.heldCount });
      return;
    case 'POST /_sim/faults': {
      const options = await readJson(request);
      try {
        deps.faults.configure(options as FaultOptions);
      } catch (error: unknown) {
        throw new PveHttpError(400, `invalid faults: ${(error as Error).message}\n`);
      }
      sendData(response, deps.faults.current());
      return;
    }
    case 'DELETE /_sim/faults':
      deps.faults.reset();
      sendData(response, null);
      return;
    case 'GET /_sim/stats':
      sendData(response, deps.stats.snapshot());
      return;
    case 'DELETE /_sim/stats':
      deps.stats.reset();
      sendData(response, null);
      return;
    default:
      throw new PveHttpError(501, `Method '${method} ${path}' not implemented`);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PveHttpError(413, 'Request Entity Too Large');
    chunks.push(chunk);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch (error: unknown) {
    throw new PveHttpError(
      400,
      `invalid faults: the body must be a JSON object (${(error as Error).message})\n`,
    );
  }
}
