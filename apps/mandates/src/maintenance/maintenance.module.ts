import { Module, type DynamicModule } from '@nestjs/common';
import type { MandatesConfig } from '../config/config.schema';
import { JournalModule } from '../journal/journal.module';
import { MaintenanceHandler } from './maintenance.handler';
import { ScheduleService, SCHEDULE_SETTINGS } from './schedule.service';
import { SCAN_EVERY_MS, SCHEDULE_PREFIX, ScheduleWorker } from './schedule.worker';

/** Scheduled scans (BullMQ job schedulers): expiry notices and events, retention purge; admins can run one now. */
@Module({})
export class MaintenanceModule {
  static forRoot(config: MandatesConfig): DynamicModule {
    const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, '') || 'default';
    return {
      module: MaintenanceModule,
      imports: [JournalModule],
      controllers: [MaintenanceHandler],
      providers: [
        ScheduleService,
        ScheduleWorker,
        { provide: SCHEDULE_SETTINGS, useValue: { retentionDays: config.MANDATES_RETENTION_DAYS, noticeDays: config.MANDATES_EXPIRY_NOTICE_DAYS } },
        { provide: SCHEDULE_PREFIX, useValue: `pin-${database}` },
        { provide: SCAN_EVERY_MS, useValue: config.MANDATES_SCAN_EVERY_MS },
      ],
    };
  }
}
