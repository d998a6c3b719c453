import { Module, type DynamicModule } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { IMPORT_QUEUE_PREFIX, ImportQueue, importQueuePrefix } from './import-queue';
import { ImportRunner } from './import-runner';
import { ImportService } from './import.service';
import { ImportWorker } from './import.worker';
import { ImportsHandler } from './imports.handler';

/**
 * Imports of lieux in the national standard (v1.0.2 and v0.1, CSV and JSON): recorded by
 * ImportService, run by the `directory.import.lieux` BullMQ job. Exports ImportService (demo import).
 */
@Module({})
export class ImportsModule {
  static forRoot(o: { databaseUrl: string }): DynamicModule {
    return {
      module: ImportsModule,
      imports: [LieuxModule],
      controllers: [ImportsHandler],
      providers: [{ provide: IMPORT_QUEUE_PREFIX, useValue: importQueuePrefix(o.databaseUrl) }, ImportQueue, ImportService, ImportRunner, ImportWorker],
      exports: [ImportService],
    };
  }
}
