import { Inject, Injectable } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Subscription } from '@nats-io/transport-node';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { MessageBus } from '../message-bus';
import { BusDefaults, durableName, streamForSubject } from '../names';
import { CommandInbox } from '../persistence/inbox';
import { Outbox } from '../persistence/outbox';
import { BUS_OPTIONS, type BusModuleOptions } from '../nest/bus-options';
import { BroadcastReceiver } from './broadcast-receiver';
import type { BusContext } from './bus-context';
import { ConsumerRunner } from './consumer-runner';
import type { HandlerExtras } from './decorators';
import { MessageProcessor, type InvokeHandler } from './message-processor';
import { QueryResponder } from './query-responder';

/**
 * NestJS transport for JetStream: `@OnCommand`/`@OnEvent`/`@OnEvents`/`@OnRawMessages` handlers get
 * a durable pull consumer each, `@OnQuery` handlers a queue-group subscription, and
 * `everyReplica` handlers a plain subscription on each replica. It
 * awaits every handler (including interceptors' observables) before it acks.
 */
@Injectable()
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly runners: ConsumerRunner[] = [];
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly bus: MessageBus,
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(BUS_OPTIONS) private readonly options: BusModuleOptions,
  ) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const processor = new MessageProcessor(
        this.bus,
        this.dataSource,
        new CommandInbox(this.dataSource),
        this.outbox,
        this.log,
        {
          commandMaxAgeMs: this.options.commandMaxAgeMs ?? BusDefaults.commandMaxAgeMs,
          maxDeliver: BusDefaults.maxDeliver,
          retryDelayMs: this.options.retryDelayMs ?? BusDefaults.retryDelayMs,
          maxRetryDelayMs: BusDefaults.maxRetryDelayMs,
          ackWaitMs: BusDefaults.ackWaitMs,
        },
      );
      const responder = new QueryResponder(this.log, this.bus.service);
      const broadcasts = new BroadcastReceiver(this.log, this.bus.service);
      for (const [pattern, handler] of this.getHandlers()) {
        const extras = handler.extras as HandlerExtras | undefined;
        if (!extras)
          throw new Error(`${pattern}: use @OnCommand, @OnEvent, @OnEvents, @OnRawMessages or @OnQuery`);
        const invoke = this.invoker(handler);
        if (extras.kind === 'query') {
          this.subscriptions.push(
            this.bus.nats.subscribe(pattern, {
              ...(extras.everyReplica ? {} : { queue: this.bus.service }),
              callback: (error, message) => {
                if (error) this.log.error({ err: error, subject: pattern }, 'query subscription failed');
                else void responder.respond(message, invoke);
              },
            }),
          );
          continue;
        }
        if (extras.everyReplica) {
          this.subscriptions.push(
            this.bus.nats.subscribe(pattern, {
              callback: (error, message) => {
                if (error) this.log.error({ err: error, subject: pattern }, 'event subscription failed');
                else void broadcasts.receive(message, invoke);
              },
            }),
          );
          continue;
        }
        const runner = new ConsumerRunner(
          this.bus,
          processor,
          {
            stream: streamForSubject(pattern),
            durable: durableName(this.bus.service, pattern),
            filter: pattern,
            kind: extras.kind,
            delivery: extras.raw ? 'raw' : extras.batch ? 'batch' : 'one',
            invoke,
          },
          {
            ackWaitMs: BusDefaults.ackWaitMs,
            maxDeliver: BusDefaults.maxDeliver,
            concurrency: extras.concurrency ?? this.options.concurrency ?? BusDefaults.concurrency,
          },
          this.log,
        );
        await runner.start();
        this.runners.push(runner);
      }
      // Subscriptions are live once the server has seen them: until then an `everyReplica`
      // event (a token revoked) would pass this replica by while it already serves requests.
      await this.bus.nats.flush();
      this.log.info(
        { consumers: this.runners.length, queries: this.subscriptions.length },
        'listening on the bus',
      );
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    // Drain: answer the queries already received, then leave the queue group; the flush
    // makes sure the server has seen it before close() returns.
    if (this.bus.isConnected()) {
      await Promise.all(this.subscriptions.map((subscription) => subscription.drain()));
      await this.bus.nats.flush();
    }
    this.subscriptions.length = 0;
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.runners.length = 0;
  }

  on(): never {
    throw new Error('JetStreamServer emits no transport events');
  }

  unwrap<T>(): T {
    return this.bus.nats as T;
  }

  private invoker(handler: MessageHandler): InvokeHandler {
    return async (payload: unknown, context?: BusContext) => {
      const result = await handler(payload, context);
      return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    };
  }
}
