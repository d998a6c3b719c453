import { Module, type DynamicModule } from '@nestjs/common';
import { LieuxModule } from '../lieux/lieux.module';
import { DEMO_IMPORT, DemoImport, type DemoImportSettings } from './demo-import';
import { DoublonsService } from './doublons.service';
import { ExportService } from './export.service';
import { IMPORT_QUEUE_PREFIX, ImportQueue, importQueuePrefix } from './import-queue';
import { ImportRunner } from './import-runner';
import { ImportService } from './import.service';
import { ImportWorker } from './import.worker';
import { InteropController } from './interop.controller';

/** Import (BullMQ job) and export of lieux in the national standard, and duplicate review. */
@Module({})
export class InteropModule {
  static forRoot(o: { databaseUrl: string; demo: DemoImportSettings }): DynamicModule {
    return {
      module: InteropModule,
      imports: [LieuxModule],
      controllers: [InteropController],
      providers: [
        { provide: DEMO_IMPORT, useValue: o.demo },
        { provide: IMPORT_QUEUE_PREFIX, useValue: importQueuePrefix(o.databaseUrl) },
        ImportQueue, ImportService, ImportRunner, ImportWorker, DoublonsService, ExportService, DemoImport,
      ],
    };
  }
}
