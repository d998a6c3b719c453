import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Redis alone, without BullMQ: `@pin/jobs/redis` (the gateway, which runs no queue, imports this
 * file only; loading BullMQ costs a process ≈ 8 MB of memory). `@pin/jobs` re-exports it.
 */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

/** Reconnection attempts a request-path command waits for before failing (a BullMQ worker's connection waits forever). */
export const GATEWAY_REDIS_RETRIES = 1;

/** ioredis connection as BullMQ wants it (no per-command retry limit; reconnects forever). */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...options,
  });
}

/**
 * True when `err` says that Redis cannot be reached right now (connection refused, closed, or a
 * command given up after `maxRetriesPerRequest` reconnection attempts), not that a command is wrong.
 */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  if (e?.name === 'MaxRetriesPerRequestError') return true;
  if (typeof e?.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code)) return true;
  return typeof e?.message === 'string' && /Connection is closed|Stream isn't writeable|max retries per request|ECONNREFUSED|ECONNRESET/i.test(e.message);
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CONNECTION) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}

/** The shared Redis connection (REDIS_CONNECTION) of a process that runs no BullMQ queue, closed on shutdown. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(redisUrl: string, options: RedisOptions = {}): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS_CONNECTION, useFactory: () => createRedis(redisUrl, options) }, RedisLifecycle],
      exports: [REDIS_CONNECTION],
    };
  }
}
