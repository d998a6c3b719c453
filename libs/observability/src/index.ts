export * from './request-context';
export * from './logger';
export * from './health/health.module';
export * from './health/probes';
