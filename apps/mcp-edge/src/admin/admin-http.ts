import { HandlerError } from '@proxmox-mpc/bus';
import { describeIssues, toValidationIssues, type ErrorCode } from '@proxmox-mpc/contracts';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Authenticator } from '../access/authenticator';
import { BodyError, readJsonBody } from '../http/read-json-body';

/** What every operator endpoint does first, and how each answers: OAuth-style error bodies. */

const STATUS_FOR: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  EXPIRED: 410,
};

/** The operator's actor id when the request carries a token with the `admin` scope, or undefined after answering 401/403. */
export async function operatorOf(
  authenticator: Authenticator,
  request: Request,
  response: Response,
): Promise<string | undefined> {
  const result = await authenticator.operator(request.headers.authorization);
  if ('refusal' in result) {
    response
      .status(401)
      .set('WWW-Authenticate', `Bearer realm="proxmox-mpc-admin", error="invalid_token"`)
      .json({ error: 'invalid_token', error_description: result.refusal });
    return undefined;
  }
  if (!result.grant.scopes.includes('admin')) {
    response
      .status(403)
      .set('WWW-Authenticate', `Bearer realm="proxmox-mpc-admin", error="insufficient_scope", scope="admin"`)
      .json({ error: 'insufficient_scope', error_description: `${result.grant.actorId} has no admin scope` });
    return undefined;
  }
  return result.grant.actorId;
}

/** The JSON body checked against `schema`, or undefined after answering 400/413 with what was wrong. */
export async function validBody<S extends z.ZodType>(
  request: Request,
  response: Response,
  schema: S,
): Promise<z.infer<S> | undefined> {
  let body: unknown;
  try {
    body = await readJsonBody(request, 16_384);
  } catch (error) {
    const status = error instanceof BodyError ? error.status : 400;
    response.status(status).json({ error: 'invalid_request', error_description: (error as Error).message });
    return undefined;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    response.status(400).json({
      error: 'invalid_request',
      error_description: describeIssues(toValidationIssues(parsed.error)),
    });
    return undefined;
  }
  return parsed.data;
}

/** Answers a refusal from the domain (not found, conflict…) with its status; anything else is rethrown. */
export function sendRefusal(response: Response, error: unknown): void {
  if (!(error instanceof HandlerError)) throw error;
  response
    .status(STATUS_FOR[error.code] ?? 400)
    .json({ error: error.code, error_description: error.message });
}
