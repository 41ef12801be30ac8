import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openDataSource, type DataSourceOptions } from './open-data-source';
import { PostgresTransactions, Transactions } from './transactions';

export interface PersistenceModuleAsyncOptions {
  inject: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: never[]) => DataSourceOptions;
}

/**
 * Provides the service's migrated TypeORM DataSource (the application closes it last) and
 * `Transactions` on it for use cases.
 */
@Module({})
export class PersistenceModule {
  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: DataSource,
          inject: options.inject,
          useFactory: (...args: never[]) => openDataSource(options.useFactory(...args)),
        },
        {
          provide: Transactions,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new PostgresTransactions(dataSource),
        },
      ],
      exports: [DataSource, Transactions],
    };
  }
}
