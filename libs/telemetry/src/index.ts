export * from './attributes';
export * from './correlation';
export * from './logger';
export * from './metrics';
export * from './redact';
export * from './tracing';
