import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { STREAMS } from '@pin/contracts';
import { JobsModule, REDIS_CONNECTION } from '@pin/jobs';
import { MessagingModule, NATS_CONNECTION } from '@pin/messaging';
import { createLogger, databaseProbe, HealthModule, natsProbe, redisProbe } from '@pin/observability';
import { MigrateOnBoot, serviceDataSourceOptions } from '@pin/persistence';
import type { DirectoryConfig } from './config/config.schema';
import { migrations } from './migrations';
import { Structure } from './structures/structure.entity';
import { StructuresModule } from './structures/structures.module';
import { DemoSeeder } from './seed/demo-seeder';

export const SERVICE = 'directory';

@Module({})
export class AppModule {
  static forRoot(config: DirectoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: createLogger(SERVICE, config.LOG_LEVEL), autoLogging: false } }),
        TypeOrmModule.forRoot({
          ...serviceDataSourceOptions({ url: config.DATABASE_URL, entities: [Structure], migrations, applicationName: SERVICE }),
        }),
        MessagingModule.forRoot({ service: SERVICE, natsUrl: config.NATS_URL, databaseUrl: config.DATABASE_URL, streams: [STREAMS.directory] }),
        HealthModule.forRoot({
          inject: [DataSource, NATS_CONNECTION, REDIS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection, redis: Redis) => [databaseProbe(ds), natsProbe(nc), redisProbe(redis)],
        }),
        JobsModule.forRoot(config.REDIS_URL),
        StructuresModule,
      ],
      providers: [
        MigrateOnBoot,
        { provide: 'SEED_DEMO_DATA', useValue: config.SEED_DEMO_DATA },
        DemoSeeder,
      ],
    };
  }
}
