import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, GATEWAY_REDIS_RETRIES, REDIS_CONNECTION } from '@pin/jobs/redis';
import type { GatewayConfig } from '../config/config.schema';
import { ExportsController } from './exports.controller';
import { IMPORT_FILES_REDIS, ImportUploadSetup } from './import-upload';
import { ImportUploadController } from './import-upload.controller';
import { ReferentielsController } from './referentiels.controller';
import { SearchController } from './search.controller';

@Injectable()
class ImportFilesRedisCloser implements OnApplicationShutdown {
  constructor(
    @Inject(IMPORT_FILES_REDIS) private readonly files: Redis,
    @Inject(REDIS_CONNECTION) private readonly shared: Redis,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.files !== this.shared) await this.files.quit().catch(() => undefined);
  }
}

/** Directory routes whose edge does more than forward: search (timing header), file upload, streamed exports, référentiels. */
@Module({})
export class DirectoryEdgeModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: DirectoryEdgeModule,
      controllers: [SearchController, ImportUploadController, ExportsController, ReferentielsController],
      providers: [
        ImportUploadSetup,
        {
          provide: IMPORT_FILES_REDIS,
          inject: [REDIS_CONNECTION],
          useFactory: (shared: Redis) => (config.IMPORT_REDIS_URL && config.IMPORT_REDIS_URL !== config.REDIS_URL ? createRedis(config.IMPORT_REDIS_URL, { maxRetriesPerRequest: GATEWAY_REDIS_RETRIES }) : shared),
        },
        ImportFilesRedisCloser,
      ],
    };
  }
}
