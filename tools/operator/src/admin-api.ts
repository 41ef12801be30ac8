import type { OperatorCredentials } from './operator-credentials';

/** An admin endpoint's answer: the JSON body, or the refusal mcp-edge gave (`error_description`). */
export async function callAdmin<T>(
  credentials: OperatorCredentials,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${credentials.edgeUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${credentials.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new AdminRefusal(`cannot reach mcp-edge at ${credentials.edgeUrl}: ${(error as Error).message}`);
  }
  const json = (await response.json().catch(() => ({}))) as T & { error_description?: string };
  if (!response.ok) throw new AdminRefusal(json.error_description ?? `HTTP ${response.status}`);
  return json;
}

/** mcp-edge said no (or could not be reached); the message is for the operator as it is. */
export class AdminRefusal extends Error {}
