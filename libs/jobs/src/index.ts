export * from './redis';
export * from './jobs';
export * from './jobs.module';
export * from './repeatable';
export * from './repeatable-worker';
