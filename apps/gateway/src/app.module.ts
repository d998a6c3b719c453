import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { JobsModule } from '@pin/jobs';
import { createLogger } from '@pin/observability';
import type { GatewayConfig } from './config/config.schema';
import { AuthModule } from './auth/auth.module';
import { ServicesModule } from './services/services.module';
import { DeadLettersController } from './admin/dead-letters.controller';
import { ConfigPublicModule } from './config-public/config-public.module';
import { DeclaredRoutesModule } from './routes/routes.module';
import { DirectoryEdgeModule } from './directory/directory-edge.module';
import { MandatesEdgeModule } from './mandates/mandates-edge.module';

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
            autoLogging: { ignore: (req) => req.url === '/favicon.ico' },
            customProps: () => ({}),
          },
        }),
        // Sessions and rate-limit counters: pipelining batches the per-request Redis round trips.
        JobsModule.forRoot(config.REDIS_URL, { enableAutoPipelining: true }),
        ServicesModule.forRoot(config),
        AuthModule.forRoot(config),
        ConfigPublicModule.forRoot(config),
        DeclaredRoutesModule.forRoot(config),
        DirectoryEdgeModule.forRoot(config),
        MandatesEdgeModule.forRoot(config),
      ],
      controllers: [DeadLettersController],
    };
  }
}
