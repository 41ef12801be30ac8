import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** `preferred` when nothing listens on it, else any free port. */
export async function preferredPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

const PORT_TAKEN = /EADDRINUSE|address already in use/i;
const PORT_ATTEMPTS = 5;

/**
 * Starts something on `preferred` (any free port when undefined), and on another free
 * port when that one was taken between choosing and binding: two `npm start` at once
 * both see 4222 free, and one of them must move.
 */
export async function startOnFreePort<T>(
  preferred: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<{ port: number; started: T }> {
  let port = preferred !== undefined ? await preferredPort(preferred) : await freePort();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { port, started: await start(port) };
    } catch (error) {
      if (attempt === PORT_ATTEMPTS || !PORT_TAKEN.test((error as Error).message)) throw error;
      port = await freePort();
    }
  }
}
