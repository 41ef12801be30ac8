import type { ServerResponse } from 'node:http';
import type { PveHttpError } from './pve-http-error';

const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/**
 * A result with attributes beside `data` in the answer, as PVE's `set_result_attrib`
 * adds them (the syslog's `total`, the number of lines there are).
 */
export class AttributedResult {
  constructor(
    readonly data: unknown,
    readonly attributes: Readonly<Record<string, number>>,
  ) {}
}

export function sendData(response: ServerResponse, result: unknown): void {
  const body =
    result instanceof AttributedResult ? { data: result.data, ...result.attributes } : { data: result };
  send(response, 200, 'OK', JSON.stringify(body));
}

export function sendError(response: ServerResponse, error: PveHttpError): void {
  const body = { data: null, message: error.message, ...(error.errors && { errors: error.errors }) };
  send(response, error.status, error.message, JSON.stringify(body));
}

/** PVE answers authentication failures with the reason in the status line and no body. */
export function sendUnauthorized(response: ServerResponse, reason: string): void {
  send(response, 401, reason);
}

/**
 * A status line without a body: what pveproxy relays when its proxied request to
 * another node failed (AnyEvent::HTTP's 595/596 with the errno text), and what an
 * overloaded proxy in front of PVE sends.
 */
export function sendStatusOnly(response: ServerResponse, status: number, reason: string): void {
  send(response, status, reason);
}

function send(response: ServerResponse, status: number, message: string, body?: string): void {
  const now = new Date().toUTCString();
  response.statusCode = status;
  response.statusMessage = statusLine(message);
  response.setHeader('Server', 'pve-api-daemon/3.0');
  response.setHeader('Date', now);
  response.setHeader('Expires', now);
  response.setHeader('Cache-Control', 'max-age=0');
  response.setHeader('Pragma', 'no-cache');
  // pve-http-server ends keep-alive after any error answer.
  if (status >= 400) response.setHeader('Connection', 'close');
  if (body === undefined) {
    response.end();
    return;
  }
  response.setHeader('Content-Type', JSON_CONTENT_TYPE);
  response.setHeader('Content-Length', Buffer.byteLength(body));
  response.end(body);
}

/** pve-http-server puts only the first line of a message into the status line. */
function statusLine(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? '';
  // Node refuses status lines with control or non-Latin-1 characters; PVE would send raw bytes.
  return firstLine.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}
