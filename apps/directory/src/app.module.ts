import { resolve } from 'node:path';
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
import { Lieu } from './lieux/lieu.entity';
import { LieuxModule } from './lieux/lieux.module';
import { Demarche } from './demarches/demarche.entity';
import { DemarchesModule } from './demarches/demarches.module';
import { Signalement } from './signalements/signalement.entity';
import { SignalementsModule } from './signalements/signalements.module';
import { SearchModule } from './search/search.module';
import { ImportsModule } from './imports/imports.module';
import { ExportsModule } from './exports/exports.module';
import { DuplicatesModule } from './duplicates/duplicates.module';
import { DemoModule } from './demo/demo.module';

export const SERVICE = 'directory';

@Module({})
export class AppModule {
  static forRoot(config: DirectoryConfig): DynamicModule {
    // One instance, imported here and by DemoModule (dynamic modules are identified by reference).
    const imports = ImportsModule.forRoot({ databaseUrl: config.DATABASE_URL });
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: createLogger(SERVICE, config.LOG_LEVEL), autoLogging: false } }),
        TypeOrmModule.forRoot({
          ...serviceDataSourceOptions({ url: config.DATABASE_URL, entities: [Structure, Lieu, Demarche, Signalement], migrations, applicationName: SERVICE }),
        }),
        MessagingModule.forRoot({ service: SERVICE, natsUrl: config.NATS_URL, databaseUrl: config.DATABASE_URL, streams: [STREAMS.directory] }),
        HealthModule.forRoot({
          inject: [DataSource, NATS_CONNECTION, REDIS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection, redis: Redis) => [databaseProbe(ds), natsProbe(nc), redisProbe(redis)],
        }),
        JobsModule.forRoot(config.REDIS_URL),
        StructuresModule,
        LieuxModule,
        DemarchesModule,
        SignalementsModule,
        SearchModule,
        imports,
        ExportsModule,
        DuplicatesModule,
        DemoModule.forRoot({
          seed: config.SEED_DEMO_DATA,
          import: {
            enabled: config.SEED_DEMO_DATA,
            fixturePath: config.DEMO_FIXTURE_PATH ?? resolve(process.cwd(), '../shared/fixtures/lieux/hinaura-687-lieux-v0.1.json'),
          },
          imports,
        }),
      ],
      providers: [MigrateOnBoot],
    };
  }
}
