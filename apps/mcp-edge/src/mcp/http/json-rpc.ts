import type { ServerResponse } from 'node:http';
import { sendJson } from '../../http/send-json';

/** JSON-RPC error codes this endpoint answers with before a request reaches the SDK. */
export const JsonRpcErrorCode = {
  parseError: -32700,
  invalidRequest: -32600,
  internalError: -32603,
  // Implementation-defined server errors (-32000 to -32099).
  forbidden: -32003,
  rateLimited: -32029,
} as const;

export interface ToolCallRef {
  id: string | number | null;
  name: string;
}

/** The `tools/call` requests in a JSON-RPC body (one message, or a batch from an older client). */
export function toolCallsIn(body: unknown): ToolCallRef[] {
  const messages = Array.isArray(body) ? body : [body];
  const calls: ToolCallRef[] = [];
  for (const message of messages) {
    if (typeof message !== 'object' || message === null) continue;
    const { method, params, id } = message as { method?: unknown; params?: { name?: unknown }; id?: unknown };
    if (method !== 'tools/call' || typeof params?.name !== 'string') continue;
    calls.push({ id: typeof id === 'string' || typeof id === 'number' ? id : null, name: params.name });
  }
  return calls;
}

/** Whether the body is nothing but the `tools/call` requests `calls` found in it. */
export function isOnlyToolCalls(body: unknown, calls: readonly ToolCallRef[]): boolean {
  return calls.length > 0 && calls.length === (Array.isArray(body) ? body.length : 1);
}

export function sendJsonRpcError(
  response: ServerResponse,
  status: number,
  id: string | number | null,
  code: number,
  message: string,
  data?: Record<string, unknown>,
  headers?: Record<string, string>,
): void {
  sendJson(
    response,
    status,
    { jsonrpc: '2.0', id, error: { code, message, ...(data ? { data } : {}) } },
    headers,
  );
}
