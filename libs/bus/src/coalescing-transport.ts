import {
  NatsConnectionImpl,
  setTransportFactory,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { nodeResolveHost, NodeTransport } from '@nats-io/transport-node/lib/node_transport';

/**
 * The Node transport, writing what the client sends during one turn of the event loop
 * as one socket write. The client flushes its buffer at the end of each microtask run,
 * so requests, replies and acks of messages handled side by side (each finishing in its
 * own microtask) went out as one write each: a system call per message on the sending
 * side, a read per message on the server. Deferring to the next check phase adds
 * microseconds to a lone message and turns many writes under load into one.
 */
export class CoalescingTransport extends NodeTransport {
  private pending: Uint8Array[] = [];

  override send(frame: Uint8Array): void {
    this.pending.push(frame);
    if (this.pending.length === 1) setImmediate(() => this.writePending());
  }

  override async close(err?: Error): Promise<void> {
    // The client hands over its last buffer in a microtask that may still be queued.
    await new Promise((resolve) => setImmediate(resolve));
    this.writePending();
    return super.close(err);
  }

  private writePending(): void {
    const frames = this.pending;
    if (frames.length === 0) return;
    this.pending = [];
    super.send(frames.length === 1 ? (frames[0] as Uint8Array) : Buffer.concat(frames));
  }
}

/** `connect` of @nats-io/transport-node, over the coalescing transport. */
export function connectNats(options: ConnectionOptions): Promise<NatsConnection> {
  // The factory is global to the client library; transport-node's own connect sets it the same way.
  setTransportFactory({ factory: () => new CoalescingTransport(), dnsResolveFn: nodeResolveHost });
  return NatsConnectionImpl.connect(options);
}
