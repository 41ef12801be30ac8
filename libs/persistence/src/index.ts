export * from './database-unavailable';
export * from './database-url';
export * from './open-data-source';
export * from './persistence.module';
export * from './transactions';
export * from './schema-drift';
export * from './json-recordset';
export * from './copy-rows';
