import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from '@proxmox-mpc/telemetry';
import { Metrics } from '@proxmox-mpc/telemetry';
import type { MessageBus } from '../message-bus';
import type { ConsumerBinding, MessageProcessor } from './message-processor';

export interface RunnerSettings {
  ackWaitMs: number;
  maxDeliver: number;
  /** Messages handled at once (for a batch consumer, across its batches). */
  concurrency: number;
}

const CONSUMER_NOT_FOUND = 10014;
const LAG_SAMPLE_MS = 5_000;
const RAW_BATCHES_IN_FLIGHT = 2;

/**
 * Binds to one durable pull consumer (creating it if needed) and feeds its messages to
 * the processor, at most `concurrency` at a time: one by one, or for a batch consumer
 * (`@OnEvents`, `@OnRawMessages`) in batches of what has arrived (see dispatchGathered).
 */
export class ConsumerRunner {
  private messages: ConsumerMessages | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightMessages = 0;
  /** A batch consumer's messages received but not yet handed over. */
  private readonly gathered: JsMsg[] = [];
  private loop: Promise<void> | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private gatheredHeartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: MessageBus,
    private readonly processor: MessageProcessor,
    private readonly binding: ConsumerBinding,
    private readonly settings: RunnerSettings,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.ensureConsumer();
    const consumer = await this.bus.jetstream.consumers.get(this.binding.stream, this.binding.durable);
    this.messages = await consumer.consume({ max_messages: this.settings.concurrency });
    this.loop = this.run(this.messages);
    this.lagTimer = setInterval(() => void this.sampleLag(), LAG_SAMPLE_MS);
    this.lagTimer.unref();
    // Gathered messages wait for the batches in flight, which a handler may hold for
    // seconds (rag holds a sync pass's guests until the pass ends): JetStream must not
    // send them again meanwhile.
    this.gatheredHeartbeat = setInterval(() => {
      for (const message of this.gathered) message.working();
    }, this.settings.ackWaitMs / 3);
    this.gatheredHeartbeat.unref();
  }

  /**
   * Stops pulling, then gives messages already being handled `graceMs` to finish. One
   * that does not finish is not acked, so JetStream redelivers it to another replica.
   */
  async stop(graceMs = this.settings.ackWaitMs / 3): Promise<void> {
    clearInterval(this.lagTimer);
    clearInterval(this.gatheredHeartbeat);
    this.messages?.stop();
    await this.loop;
    // Not started: back to JetStream for another replica, now rather than after the ack wait.
    for (const message of this.gathered.splice(0)) message.nak();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) {
      this.logger.warn(
        { consumer: this.binding.durable, unfinished: this.inFlight.size },
        'stopped with messages unfinished; they will be redelivered',
      );
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      if (this.binding.delivery !== 'one') {
        this.gathered.push(message);
        this.dispatchGathered();
      } else {
        this.dispatch([message]);
      }
      while (this.inFlightMessages + this.gathered.length >= this.settings.concurrency) {
        await Promise.race(this.inFlight);
      }
    }
  }

  /**
   * Hands a batch consumer's gathered messages over in batches while fewer than two are in
   * flight, each at most half of `concurrency`, so one is prepared while the other is
   * written; the rest go on gathering. A lone message goes at once and a backlog in large
   * batches; a batch short of full waits for the one in flight, so a steady trickle is
   * written in batches of what came in meanwhile instead of a message at a time (a
   * batch's cost is mostly its own, not its messages').
   */
  private dispatchGathered(): void {
    const size = Math.ceil(this.settings.concurrency / RAW_BATCHES_IN_FLIGHT);
    while (this.gathered.length > 0 && this.inFlight.size < RAW_BATCHES_IN_FLIGHT) {
      if (this.inFlight.size > 0 && this.gathered.length < size) return;
      this.dispatch(this.gathered.splice(0, size));
    }
  }

  private dispatch(batch: JsMsg[]): void {
    const processing = this.processing(batch);
    this.inFlightMessages += batch.length;
    const work = processing
      .catch((error: unknown) => {
        this.logger.error(
          { err: error, subject: batch[0]?.subject, messages: batch.length },
          'message processing crashed; redelivering',
        );
        for (const message of batch) message.nak(this.settings.ackWaitMs);
      })
      .finally(() => {
        this.inFlightMessages -= batch.length;
        this.inFlight.delete(work);
        this.dispatchGathered();
      });
    this.inFlight.add(work);
  }

  private processing(batch: JsMsg[]): Promise<void> {
    switch (this.binding.delivery) {
      case 'one':
        return this.processor.process(batch[0] as JsMsg, this.binding);
      case 'batch':
        return this.processor.processEvents(batch, this.binding);
      case 'raw':
        return this.processor.processBatch(batch, this.binding);
    }
  }

  private async ensureConsumer(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: this.binding.durable,
      filter_subject: this.binding.filter,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.settings.ackWaitMs),
      max_deliver: this.settings.maxDeliver,
      // A consumer created after messages were stored still sees them (a command sent
      // before its service first started runs when it does).
      deliver_policy: DeliverPolicy.All,
    };
    try {
      const info = await this.bus.manager.consumers.info(this.binding.stream, this.binding.durable);
      if (info.config.ack_wait !== config.ack_wait || info.config.max_deliver !== config.max_deliver) {
        await this.bus.manager.consumers.update(this.binding.stream, this.binding.durable, {
          ack_wait: config.ack_wait,
          max_deliver: config.max_deliver,
        });
      }
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === CONSUMER_NOT_FOUND)) throw error;
      await this.bus.manager.consumers.add(this.binding.stream, config);
    }
  }

  private async sampleLag(): Promise<void> {
    try {
      const info = await this.bus.manager.consumers.info(this.binding.stream, this.binding.durable);
      Metrics.consumerPending.set(
        { stream: this.binding.stream, consumer: this.binding.durable },
        info.num_pending,
      );
    } catch (error) {
      this.logger.debug({ err: error, consumer: this.binding.durable }, 'could not sample consumer lag');
    }
  }
}
