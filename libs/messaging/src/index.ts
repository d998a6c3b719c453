export * from './nats-connection';
export * from './streams';
export * from './headers';
export * from './outbox';
export * from './outbox.migration';
export * from './outbox-relay';
export * from './event-consumer';
export * from './dead-letters';
