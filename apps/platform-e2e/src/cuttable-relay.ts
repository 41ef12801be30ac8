import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP relay in front of a server (NATS) that a spec can cut and restore: cut, every
 * connection through it closes and new ones are dropped, so the one client behind it
 * loses its connection while every other client keeps theirs.
 */
export class CuttableRelay {
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((inbound) => this.relay(inbound));
  private isCut = false;
  /** The server's URL with the relay's address in it: same scheme, same credentials. */
  readonly url: URL;

  private constructor(private readonly target: URL) {
    this.url = new URL(target);
  }

  static async start(target: string): Promise<CuttableRelay> {
    const relay = new CuttableRelay(new URL(target));
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    relay.url.hostname = '127.0.0.1';
    relay.url.port = String((relay.server.address() as AddressInfo).port);
    return relay;
  }

  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.isCut = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(inbound: Socket): void {
    if (this.isCut) {
      inbound.destroy();
      return;
    }
    const outbound = connect(Number(this.target.port), this.target.hostname);
    for (const socket of [inbound, outbound]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
    inbound.pipe(outbound).pipe(inbound);
  }
}
