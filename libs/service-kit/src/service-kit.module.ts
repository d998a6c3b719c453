import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { JobsModule, REDIS_CONNECTION } from '@pin/jobs';
import { MessagingModule, NATS_CONNECTION, natsEndpoint, type StreamDefinition } from '@pin/messaging';
import { createLogger, databaseProbe, HealthModule, natsProbe, redisProbe } from '@pin/observability';
import { MigrateOnBoot, serviceDataSourceOptions } from '@pin/persistence';

/** What every service's configuration holds (validated at boot by its own schema). */
export interface ServiceKitConfig {
  DATABASE_URL: string;
  NATS_URL: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  REDIS_URL: string;
  LOG_LEVEL: string;
}

export interface ServiceKitOptions {
  /** Service name: logs, CloudEvents `source` (`pin/<service>`), NATS connection names. */
  service: string;
  config: ServiceKitConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Streams this service produces into (from `STREAMS` in libs/contracts). */
  streams: StreamDefinition[];
}

/**
 * The infrastructure every PIN service has, wired once: pino logs (service name, correlation id),
 * TypeORM on the service's own database with migrations run at boot under an advisory lock, the
 * NATS connection with the outbox relay and the event consumers that features register
 * (`EventConsumers`), BullMQ queues on Redis (`JobQueues`, `REDIS_CONNECTION`), Terminus health
 * with one probe per dependency, and RPC request context + error bodies. Graceful shutdown follows
 * from each part's lifecycle hooks (consumers and relay finish in-flight work, then connections close).
 */
@Module({})
export class ServiceKit {
  static forRoot(o: ServiceKitOptions): DynamicModule {
    const { config } = o;
    return {
      module: ServiceKit,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: createLogger(o.service, config.LOG_LEVEL), autoLogging: false } }),
        TypeOrmModule.forRoot(serviceDataSourceOptions({ url: config.DATABASE_URL, entities: o.entities, migrations: o.migrations, applicationName: o.service })),
        MessagingModule.forRoot({ service: o.service, nats: natsEndpoint(config), databaseUrl: config.DATABASE_URL, streams: o.streams }),
        JobsModule.forRoot(config.REDIS_URL),
        HealthModule.forRoot({
          inject: [DataSource, NATS_CONNECTION, REDIS_CONNECTION],
          useFactory: (ds: DataSource, nc: NatsConnection, redis: Redis) => [databaseProbe(ds), natsProbe(nc), redisProbe(redis)],
        }),
      ],
      providers: [MigrateOnBoot],
    };
  }
}
