import { Module, type DynamicModule } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { IMPORT_QUEUE_PREFIX, ImportQueue, importQueuePrefix } from './import-queue';
import { ImportRunner } from './import-runner';
import { ImportService } from './import.service';
import { IMPORT_JOB_LOCK_MS, ImportWorker } from './import.worker';
import { ImportsHandler } from './imports.handler';

/**
 * Imports of lieux in the national standard (v1.0.2 and v0.1, CSV and JSON): recorded by
 * ImportService, run by the `directory.import.lieux` BullMQ job. Exports ImportService (demo import).
 */
@Module({})
export class ImportsModule {
  static forRoot(o: { databaseUrl: string; jobLockMs?: number }): DynamicModule {
    return {
      module: ImportsModule,
      imports: [LieuxModule],
      controllers: [ImportsHandler],
      providers: [
        { provide: IMPORT_QUEUE_PREFIX, useValue: importQueuePrefix(o.databaseUrl) },
        { provide: IMPORT_JOB_LOCK_MS, useValue: o.jobLockMs ?? 30_000 },
        ImportQueue,
        ImportService,
        ImportRunner,
        ImportWorker,
      ],
      exports: [ImportService],
    };
  }
}
