import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { GATEWAY_REDIS_RETRIES, RedisModule } from '@pin/jobs/redis';
import { createLogger } from '@pin/observability';
import type { GatewayConfig } from './config/config.schema';
import { AuthModule } from './auth/auth.module';
import { ServicesModule } from './services/services.module';
import { DeadLettersController } from './admin/dead-letters.controller';
import { ConfigPublicModule } from './config-public/config-public.module';
import { SiteModule } from './site/site.module';
import { DeclaredRoutesModule } from './routes/routes.module';
import { DirectoryEdgeModule } from './directory/directory-edge.module';
import { MandatesEdgeModule } from './mandates/mandates-edge.module';
import { TrainingEdgeModule } from './training/training-edge.module';
import { SafeEdgeModule } from './safe/safe-edge.module';
import { MailboxEdgeModule } from './mailbox/mailbox-edge.module';
import { LabellingEdgeModule } from './labelling/labelling-edge.module';

export const SERVICE = 'gateway';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: createLogger(SERVICE, config.LOG_LEVEL),
            // Single-use download links of the safe are never logged (the safe journals each download).
            autoLogging: { ignore: (req) => req.url === '/favicon.ico' || !!req.url?.startsWith('/api/v1/coffre/telechargements/') },
            customProps: () => ({}),
          },
        }),
        // Sessions and rate-limit counters: pipelining batches the per-request Redis round trips.
        // Sessions, pending logins, rate limits and uploads are read on the request path: while Redis is
        // down a command gives up after one reconnection attempt (503 at once) instead of waiting for
        // it forever (the gateway runs no BullMQ worker, which would need retries without limit).
        RedisModule.forRoot(config.REDIS_URL, { enableAutoPipelining: true, maxRetriesPerRequest: GATEWAY_REDIS_RETRIES }),
        ServicesModule.forRoot(config),
        AuthModule.forRoot(config),
        ConfigPublicModule.forRoot(config),
        SiteModule.forRoot(config),
        DeclaredRoutesModule.forRoot(config),
        DirectoryEdgeModule.forRoot(config),
        MandatesEdgeModule.forRoot(config),
        TrainingEdgeModule.forRoot(config),
        SafeEdgeModule.forRoot(config),
        MailboxEdgeModule,
        LabellingEdgeModule.forRoot(config),
      ],
      controllers: [DeadLettersController],
    };
  }
}
