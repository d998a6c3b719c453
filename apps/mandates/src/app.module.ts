import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@pin/contracts';
import { MessagingModule, NATS_CONNECTION } from '@pin/messaging';
import { JobsModule, REDIS_CONNECTION } from '@pin/jobs';
import type { Redis } from 'ioredis';
import { createLogger, databaseProbe, HealthModule, natsProbe, redisProbe } from '@pin/observability';
import { MigrateOnBoot, serviceDataSourceOptions } from '@pin/persistence';
import type { MandatesConfig } from './config/config.schema';
import { migrations } from './migrations';
import { KnownStructure } from './structures/known-structure.entity';
import { KnownStructuresModule } from './structures/structures.module';
import { MandatesModule } from './mandates.module';

export const SERVICE = 'mandates';

@Module({})
export class AppModule {
  static forRoot(config: MandatesConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: createLogger(SERVICE, config.LOG_LEVEL), autoLogging: false } }),
        TypeOrmModule.forRoot({
          ...serviceDataSourceOptions({ url: config.DATABASE_URL, entities: [KnownStructure], migrations, applicationName: SERVICE }),
        }),
        MessagingModule.forRoot({ service: SERVICE, natsUrl: config.NATS_URL, databaseUrl: config.DATABASE_URL, streams: [STREAMS.mandates] }),
        JobsModule.forRoot(config.REDIS_URL),
        HealthModule.forRoot({
          inject: [DataSource, NATS_CONNECTION, REDIS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection, redis: Redis) => [databaseProbe(ds), natsProbe(nc), redisProbe(redis)],
        }),
        KnownStructuresModule,
        MandatesModule.forRoot(config),
      ],
      providers: [MigrateOnBoot],
    };
  }
}
