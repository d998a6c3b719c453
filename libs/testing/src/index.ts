export * from './ports';
export * from './database';
export * from './nats-server';
export * from './oidc';
