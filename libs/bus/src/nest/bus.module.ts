import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { LOGGER, type Logger } from '@proxmox-mpc/telemetry';
import { DataSource } from 'typeorm';
import { MessageBus } from '../message-bus';
import { EventOutbox, PostgresEventOutbox } from '../persistence/event-outbox';
import { Outbox } from '../persistence/outbox';
import { JetStreamServer } from '../transport/jetstream.server';
import { BUS_OPTIONS, type BusModuleOptions } from './bus-options';

export interface BusModuleAsyncOptions {
  inject: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => BusModuleOptions;
}

/**
 * Provides the MessageBus, the outbox and the JetStream transport. Needs a TypeORM
 * DataSource and a LOGGER from the importing application. Opening and closing are
 * left to the application's lifecycle, which orders them against the database.
 */
@Module({})
export class BusModule {
  static forRootAsync(options: BusModuleAsyncOptions): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [
        { provide: BUS_OPTIONS, inject: options.inject, useFactory: options.useFactory },
        {
          provide: MessageBus,
          inject: [BUS_OPTIONS, LOGGER],
          useFactory: (busOptions: BusModuleOptions, logger: Logger) =>
            MessageBus.connect(
              {
                service: busOptions.service,
                natsUrl: busOptions.natsUrl,
                ...(busOptions.streams ? { streams: busOptions.streams } : {}),
              },
              logger,
            ),
        },
        {
          provide: Outbox,
          inject: [DataSource, MessageBus, LOGGER],
          useFactory: (dataSource: DataSource, bus: MessageBus, logger: Logger) =>
            new Outbox(dataSource, bus, logger),
        },
        {
          provide: EventOutbox,
          inject: [Outbox, MessageBus],
          useFactory: (outbox: Outbox, bus: MessageBus) => new PostgresEventOutbox(outbox, bus),
        },
        JetStreamServer,
      ],
      exports: [MessageBus, Outbox, EventOutbox, JetStreamServer, BUS_OPTIONS],
    };
  }
}
