import { Redis, type RedisOptions } from 'ioredis';

/** ioredis connection as BullMQ wants it (no per-command retry limit; reconnects forever). */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...options,
  });
}
