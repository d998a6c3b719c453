import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';
import { JobQueues } from './jobs';
import { createRedis, REDIS_CONNECTION } from './redis';

@Injectable()
class JobsLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly queues: JobQueues,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
    await this.redis.quit().catch(() => undefined);
  }
}

/** Redis connection and typed BullMQ queues for a service. Workers are created by features. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(redisUrl: string, options: RedisOptions = {}): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: REDIS_CONNECTION, useFactory: () => createRedis(redisUrl, options) },
        { provide: JobQueues, inject: [REDIS_CONNECTION], useFactory: (r: Redis) => new JobQueues(r) },
        JobsLifecycle,
      ],
      exports: [REDIS_CONNECTION, JobQueues],
    };
  }
}
