import { Module, type DynamicModule } from '@nestjs/common';
import type { TrainingConfig } from '../config/config.schema';
import { DiagnosticHandler } from './diagnostic.handler';
import { DiagnosticService } from './diagnostic.service';
import { DiagnosticRetentionService } from './retention/diagnostic-retention.service';
import { DiagnosticRetentionWorker, RETENTION_SETTINGS } from './retention/diagnostic-retention.worker';

/** The diagnostic de premier niveau (orientation, consent, anonymous counts by territory) and the purge of stored ones. */
@Module({})
export class DiagnosticModule {
  static forRoot(config: Pick<TrainingConfig, 'DATABASE_URL' | 'TRAINING_DIAGNOSTIC_RETENTION_DAYS' | 'TRAINING_SCAN_EVERY_MS'>): DynamicModule {
    const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, '') || 'default';
    return {
      module: DiagnosticModule,
      controllers: [DiagnosticHandler],
      providers: [
        DiagnosticService,
        DiagnosticRetentionService,
        DiagnosticRetentionWorker,
        { provide: RETENTION_SETTINGS, useValue: { retentionDays: config.TRAINING_DIAGNOSTIC_RETENTION_DAYS, everyMs: config.TRAINING_SCAN_EVERY_MS, prefix: `pin-${database}` } },
      ],
    };
  }
}
