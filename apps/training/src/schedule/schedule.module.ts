import { Module, type DynamicModule } from '@nestjs/common';
import type { TrainingConfig } from '../config/config.schema';
import { DiagnosticRetentionService } from '../diagnostic/retention/diagnostic-retention.service';
import { SessionReminders } from '../sessions/session-reminders.service';
import { SCHEDULE_SETTINGS, TrainingScheduleWorker } from './training-schedule.worker';

/** The repeatable jobs of the training service: reminders before sessions, retention purge of stored diagnostics. */
@Module({})
export class ScheduleModule {
  static forRoot(config: Pick<TrainingConfig, 'DATABASE_URL' | 'TRAINING_DIAGNOSTIC_RETENTION_DAYS' | 'TRAINING_REMINDER_DAYS' | 'TRAINING_SCAN_EVERY_MS'>): DynamicModule {
    const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, '') || 'default';
    return {
      module: ScheduleModule,
      providers: [
        DiagnosticRetentionService,
        SessionReminders,
        TrainingScheduleWorker,
        {
          provide: SCHEDULE_SETTINGS,
          useValue: { retentionDays: config.TRAINING_DIAGNOSTIC_RETENTION_DAYS, reminderDays: config.TRAINING_REMINDER_DAYS, everyMs: config.TRAINING_SCAN_EVERY_MS, prefix: `pin-${database}` },
        },
      ],
    };
  }
}
