export * from './database-url';
export * from './open-data-source';
export * from './persistence.module';
