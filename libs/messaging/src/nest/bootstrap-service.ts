import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { natsConnectionOptions, type NatsEndpoint } from '../nats-connection';

export interface ServiceBootstrapOptions {
  module: DynamicModule;
  nats: NatsEndpoint;
  /** Queue group shared by the replicas of the service. */
  queue: string;
  healthPort: number;
  healthHost?: string;
}

/**
 * Starts a PIN service the same way everywhere: NATS request/reply listener, health endpoints on
 * a small HTTP port, pino logger, graceful shutdown on SIGTERM/SIGINT (in-flight work finishes).
 */
export async function bootstrapService(o: ServiceBootstrapOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(o.module, new FastifyAdapter(), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        ...natsConnectionOptions({ ...o.nats, name: `${o.queue}-rpc` }),
        queue: o.queue,
      },
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(o.healthPort, o.healthHost ?? '0.0.0.0');
  return app;
}
