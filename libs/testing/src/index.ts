export * from './ports';
export * from './database';
export * from './nats-server';
export * from './oidc';
export * from './app-process';
export * from './platform';
