import { Module, type DynamicModule } from '@nestjs/common';
import type { MandatesConfig } from './config/config.schema';
import { AuthorizationResponder } from './authorization/authorization.responder';
import { AuthorizationService } from './authorization/authorization.service';
import { HabilitationsController } from './habilitations/habilitations.controller';
import { JournalController } from './journal/journal.controller';
import { JournalService } from './journal/journal.service';
import { MandatsController } from './mandats/mandats.controller';
import { AttestationsController } from './mandats/attestations.controller';
import { MaintenanceController } from './schedule/maintenance.controller';
import { ScheduleService, SCHEDULE_SETTINGS } from './schedule/schedule.service';
import { SCAN_EVERY_MS, SCHEDULE_PREFIX, ScheduleWorker } from './schedule/schedule.worker';
import { UsagersController } from './usagers/usagers.controller';

/** Usagers, habilitations, mandates, the authorization check, the journal and the scheduled scans. */
@Module({})
export class MandatesModule {
  static forRoot(config: MandatesConfig): DynamicModule {
    const database = new URL(config.DATABASE_URL).pathname.replace(/^\//, '') || 'default';
    return {
      module: MandatesModule,
      controllers: [UsagersController, HabilitationsController, MandatsController, AttestationsController, JournalController, MaintenanceController],
      providers: [
        JournalService,
        AuthorizationService,
        AuthorizationResponder,
        ScheduleService,
        ScheduleWorker,
        { provide: SCHEDULE_SETTINGS, useValue: { retentionDays: config.MANDATES_RETENTION_DAYS, noticeDays: config.MANDATES_EXPIRY_NOTICE_DAYS } },
        { provide: SCHEDULE_PREFIX, useValue: `pin-${database}` },
        { provide: SCAN_EVERY_MS, useValue: config.MANDATES_SCAN_EVERY_MS },
      ],
      exports: [JournalService],
    };
  }
}
