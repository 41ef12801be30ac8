import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export interface TestServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

export type Reply = (response: ServerResponse, request: IncomingMessage) => void;

/** A plain node:http server that records every request and answers with `reply` (or never, if it does not respond). */
export async function startTestServer(reply: Reply): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });
    reply(response, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Answers like PVE: a status line with a reason and a JSON body. */
export function pveAnswer(status: number, reason: string, body: unknown): Reply {
  return (response) => {
    response.writeHead(status, reason, { 'content-type': 'application/json;charset=UTF-8' });
    response.end(JSON.stringify(body));
  };
}

/** Plays the replies in order, repeating the last one. */
export function inSequence(...replies: Reply[]): Reply {
  let next = 0;
  return (response, request) => {
    const reply = replies[Math.min(next, replies.length - 1)];
    next += 1;
    reply?.(response, request);
  };
}

/** Accepts the request and never answers. */
export const neverAnswer: Reply = () => undefined;
