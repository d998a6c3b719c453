/**
 * NATS alone: connection, streams, headers, dead letters — `@pin/messaging/nats`, for a process
 * that has no database (the gateway: the outbox, the relay and the consumers bring TypeORM and pg,
 * ≈ 15 MB of memory). `@pin/messaging` re-exports all of it.
 */
export * from './nats-connection';
export * from './streams';
export * from './headers';
export * from './dead-letters';
