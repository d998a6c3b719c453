import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { loadConfig } from '@pin/config';
import { REDIS_CONNECTION } from '@pin/jobs/redis';
import { HealthModule, natsProbe, redisProbe, sanitizeCorrelationId } from '@pin/observability';
import { configSchema } from './config/config.schema';
import { AppModule, SERVICE } from './app.module';
import { clientErrorHandler } from './http/client-error';
import { GatewayErrorFilter } from './http/error.filter';
import { RequestContextInterceptor } from './http/request-context.interceptor';
import { setupHttp, webIndexHtml } from './http/http-setup';
import { GATEWAY_NATS } from './services/services.module';

async function main(): Promise<void> {
  const config = loadConfig(SERVICE, configSchema);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req: IncomingMessage) => sanitizeCorrelationId(req.headers['x-correlation-id']),
    trustProxy: config.NODE_ENV === 'production',
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
    // Fastify's own JSON parser: its errors carry stable codes (FST_ERR_CTP_*), mapped by the filter.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new GatewayErrorFilter(() => webIndexHtml(config.WEB_DIST_DIR)));
  app.useGlobalInterceptors(new RequestContextInterceptor());
  app.enableShutdownHooks();
  const redis = app.get<Redis>(REDIS_CONNECTION);
  await setupHttp(app, config, redis);
  await app.listen(config.HTTP_PORT, config.HTTP_HOST);

  if (config.HEALTH_PORT > 0) {
    const nc = app.get<NatsConnection>(GATEWAY_NATS);
    const health = await NestFactory.create<NestFastifyApplication>(
      HealthModule.forRoot({ useFactory: () => [natsProbe(nc), redisProbe(redis)] }),
      new FastifyAdapter(),
      { logger: false },
    );
    health.enableShutdownHooks();
    await health.listen(config.HEALTH_PORT, '0.0.0.0');
  }
  app.get(Logger).log(`PIN gateway listening on ${config.PUBLIC_URL}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
