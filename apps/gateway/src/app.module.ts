import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { JobsModule } from '@pin/jobs';
import { createLogger } from '@pin/observability';
import type { GatewayConfig } from './config/config.schema';
import { AuthModule } from './auth/auth.module';
import { ServicesModule } from './services/services.module';
import { StructuresController } from './structures/structures.controller';
import { DeadLettersController } from './admin/dead-letters.controller';
import { SearchController } from './search/search.controller';
import { ConfigPublicModule } from './config-public/config-public.module';
import { ImportsModule } from './imports/imports.module';
import { MandatesGatewayModule } from './mandates/mandates.module';
import { LieuxGatewayModule } from './lieux/lieux-gateway.module';

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
        ImportsModule.forRoot(config),
        MandatesGatewayModule.forRoot(config),
        LieuxGatewayModule.forRoot(config),
      ],
      controllers: [StructuresController, DeadLettersController, SearchController],
    };
  }
}
