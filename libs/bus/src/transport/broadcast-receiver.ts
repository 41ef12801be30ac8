import type { Msg } from '@nats-io/transport-node';
import { SpanKind } from '@opentelemetry/api';
import { describeIssues } from '@proxmox-mpc/contracts';
import type { Logger } from '@proxmox-mpc/telemetry';
import { decodeMessage } from '../envelope-codec';
import { headersToRecord } from '../nats-headers';
import { BusContext } from './bus-context';
import type { InvokeHandler } from './message-processor';
import { withReceiveSpan } from './received-message-span';

/**
 * Hands an event to a replica's `@OnEvent(subject, { everyReplica: true })` handler as it
 * is published (a plain subscription: nothing stored, acked or redelivered). An invalid
 * event or a failing handler is logged; there is nobody to retry it for.
 *
 * Nothing is awaited before the handler is called, so a handler that only drops a cache
 * has done so inside the subscription's callback, before this connection's next message
 * (or the answer to `MessageBus.caughtUp`'s ping) is looked at.
 */
export class BroadcastReceiver {
  constructor(
    private readonly logger: Logger,
    private readonly service: string,
  ) {}

  async receive(message: Msg, invoke: InvokeHandler): Promise<void> {
    const decoded = decodeMessage(message.subject, message.data);
    await withReceiveSpan(
      { subject: message.subject, headers: message.headers, envelope: decoded.envelope },
      {
        name: `receive ${message.subject}`,
        spanKind: SpanKind.CONSUMER,
        kind: 'event',
        consumerGroup: this.service,
      },
      async () => {
        if (!decoded.ok) {
          this.logger.warn(
            { subject: message.subject, issues: decoded.issues },
            `invalid ${message.subject} event ignored: ${describeIssues(decoded.issues)}`,
          );
          return 'invalid';
        }
        try {
          const context = new BusContext([
            { subject: message.subject, deliveryCount: 1, headers: headersToRecord(message.headers) },
          ]);
          await invoke(decoded.envelope, context);
          return 'ok';
        } catch (error) {
          this.logger.error({ err: error, subject: message.subject }, 'event handler failed');
          return 'failed';
        }
      },
    );
  }
}
