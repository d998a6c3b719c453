export * from './ports';
export * from './database';
export * from './nats-server';
export * from './oidc';
export * from './app-process';
export * from './platform';
export * from './table-schema';
export * from './nest-rpc';
