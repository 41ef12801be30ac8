import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Envelope } from '@proxmox-mpc/contracts';

export interface RecordedMessage {
  subject: string;
  envelope: Envelope;
  headers: Record<string, string>;
}

/**
 * Listens on a subject pattern (core NATS, no consumer state) and keeps what arrives, so
 * a test can wait for the message it expects.
 */
export class EventRecorder {
  readonly messages: RecordedMessage[] = [];
  private arrived: () => void = () => undefined;
  private nextArrival = this.resetArrival();

  private readonly subscription: Subscription;

  private constructor(
    private readonly connection: NatsConnection,
    pattern: string,
  ) {
    this.subscription = connection.subscribe(pattern, {
      callback: (_, message) => {
        const headers: Record<string, string> = {};
        for (const key of message.headers?.keys() ?? []) headers[key] = message.headers?.get(key) ?? '';
        this.messages.push({ subject: message.subject, envelope: message.json<Envelope>(), headers });
        this.arrived();
      },
    });
  }

  static async start(natsUrl: string, pattern = 'evt.>'): Promise<EventRecorder> {
    const connection = await connect({ servers: natsUrl });
    const recorder = new EventRecorder(connection, pattern);
    await connection.flush();
    return recorder;
  }

  /** The first message (already received or still to come) that satisfies `match`. */
  async waitFor(match: (message: RecordedMessage) => boolean, timeoutMs = 10_000): Promise<RecordedMessage> {
    return (await this.waitForCount(match, 1, timeoutMs))[0] as RecordedMessage;
  }

  /**
   * The messages that satisfy `match`, once at least `count` have arrived:
   * messages published by different relays need not arrive in the order they were made.
   */
  async waitForCount(
    match: (message: RecordedMessage) => boolean,
    count: number,
    timeoutMs = 10_000,
  ): Promise<RecordedMessage[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(match);
      if (found.length >= count) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const seen = this.messages.map((message) => message.subject).join(', ') || 'nothing';
        throw new Error(
          `${found.length} of ${count} matching messages within ${timeoutMs} ms (received: ${seen})`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.nextArrival,
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ]);
      clearTimeout(timer);
    }
  }

  private resetArrival(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.arrived = () => {
        this.nextArrival = this.resetArrival();
        resolve();
      };
    });
  }

  async stop(): Promise<void> {
    this.subscription.unsubscribe();
    await this.connection.close();
  }
}
