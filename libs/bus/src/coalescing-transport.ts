import {
  NatsConnectionImpl,
  setTransportFactory,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { nodeResolveHost, NodeTransport } from '@nats-io/transport-node/lib/node_transport';

/**
 * The Node transport, writing at most twice per turn of the event loop: the client's
 * first flush of a turn at once, whatever it flushes later in that turn together at the
 * turn's end. The client flushes its buffer at the end of each microtask run, so
 * replies, acks and publishes of messages handled side by side (each finishing in its
 * own microtask) went out as one write each: a system call per message on the sending
 * side, a read per message on the server. Holding back the first flush too would cost a
 * lone message its latency, and under a fixed number of callers it made the two sides
 * take turns (a batch of replies waited for the last of them) instead of working at
 * once: 28 % fewer bus queries per second at 16 callers in the bench.
 */
export class CoalescingTransport extends NodeTransport {
  private pending: Uint8Array[] = [];
  private wroteThisTurn = false;

  override send(frame: Uint8Array): void {
    if (this.wroteThisTurn) {
      this.pending.push(frame);
      return;
    }
    this.wroteThisTurn = true;
    setImmediate(() => {
      this.wroteThisTurn = false;
      this.writePending();
    });
    super.send(frame);
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
