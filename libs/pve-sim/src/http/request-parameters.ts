import type { IncomingMessage } from 'node:http';
import { PveHttpError } from './pve-http-error';

/**
 * A parameter as it arrives: text from a query string or form body, or a nested
 * object/array (Perl's HASH/ARRAY): a JSON object or array, or a name a form repeats.
 * An array of plain values keeps them (`items`) for the few parameters of type array.
 */
export type RawParameter =
  string | { readonly nested: 'HASH' } | { readonly nested: 'ARRAY'; readonly items?: readonly string[] };

// Parameters are small; anything larger is not an API call this simulator serves.
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * PVE's `extract_params`: POST/PUT bodies are JSON or form-encoded by Content-Type,
 * and query parameters override body parameters of the same name.
 */
export async function readRequestParameters(
  request: IncomingMessage,
  query: URLSearchParams,
): Promise<Record<string, RawParameter>> {
  const parameters: Record<string, RawParameter> =
    request.method === 'POST' || request.method === 'PUT' ? await readBody(request) : {};
  for (const [name, value] of query) parameters[name] = value;
  return parameters;
}

async function readBody(request: IncomingMessage): Promise<Record<string, RawParameter>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PveHttpError(413, 'Request Entity Too Large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const contentType = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  return contentType === 'application/json' ? fromJson(text) : fromForm(new URLSearchParams(text));
}

/** pve-http-server's decode_urlencoded: a name given more than once becomes an array. */
function fromForm(form: URLSearchParams): Record<string, RawParameter> {
  const parameters: Record<string, RawParameter> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    parameters[name] = values.length === 1 ? (values[0] ?? '') : { nested: 'ARRAY', items: values };
  }
  return parameters;
}

function fromJson(text: string): Record<string, RawParameter> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error: unknown) {
    throw PveHttpError.failed(`malformed JSON string: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw PveHttpError.failed('JSON text must be an object');
  }
  // A JSON null is Perl's undef: the parameter counts as absent.
  const present = Object.entries(body).filter(([, value]) => value !== null);
  return Object.fromEntries(present.map(([name, value]) => [name, fromJsonValue(value)]));
}

function fromJsonValue(value: unknown): RawParameter {
  if (Array.isArray(value)) {
    const scalar = value.every((item) => ['string', 'number', 'boolean'].includes(typeof item));
    return scalar ? { nested: 'ARRAY', items: value.map((item) => String(item)) } : { nested: 'ARRAY' };
  }
  if (typeof value === 'object' && value !== null) return { nested: 'HASH' };
  // JSON true/false are valid booleans to PVE; on the wire they become its 1/0.
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}
