import { Module, type DynamicModule } from '@nestjs/common';
import type { LabellingConfig } from '../config/config.schema';
import { LabelsModule } from '../labels/labels.module';
import { SCHEDULE_SETTINGS, ScheduleWorker } from './schedule.worker';

/** Scheduled scans (expiry reminders and renewal, label and pass expiry, orphaned piece objects). */
@Module({})
export class MaintenanceModule {
  static forRoot(config: LabellingConfig, pass: DynamicModule, pieces: DynamicModule): DynamicModule {
    const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, '') || 'default';
    return {
      module: MaintenanceModule,
      imports: [LabelsModule, pass, pieces],
      providers: [ScheduleWorker, { provide: SCHEDULE_SETTINGS, useValue: { prefix: `pin-${database}`, everyMs: config.LABELLING_SCAN_EVERY_MS, reminderDays: config.LABEL_REMINDER_DAYS } }],
    };
  }
}
