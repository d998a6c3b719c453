import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis, REDIS_CONNECTION } from '@pin/jobs';
import type { GatewayConfig } from '../config/config.schema';
import { ExportsController } from './exports.controller';
import { IMPORT_FILES_REDIS, ImportUploadSetup } from './import-upload';
import { ImportsController } from './imports.controller';

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

/** Upload of lieux files (stored in the directory's Redis for its import job), duplicates review, open data exports. */
@Module({})
export class ImportsModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: ImportsModule,
      controllers: [ImportsController, ExportsController],
      providers: [
        ImportUploadSetup,
        {
          provide: IMPORT_FILES_REDIS,
          inject: [REDIS_CONNECTION],
          useFactory: (shared: Redis) => (config.IMPORT_REDIS_URL && config.IMPORT_REDIS_URL !== config.REDIS_URL ? createRedis(config.IMPORT_REDIS_URL) : shared),
        },
        ImportFilesRedisCloser,
      ],
    };
  }
}
