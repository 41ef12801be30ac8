export * from './attributes';
export * from './correlation';
export * from './log-shipper';
export * from './logger';
export * from './metrics';
export * from './redact';
export * from './tracing';
export * from './version';
