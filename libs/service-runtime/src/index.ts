export * from './bootstrap';
export * from './clock';
export * from './config/base-config';
export * from './health/health-registry';
export * from './in-process-service';
export * from './interval-schedule';
export * from './lifecycle/tokens';
export * from './platform.module';
