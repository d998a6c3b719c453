import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobs } from '@pin/jobs';
import { LabelsService } from '../labels/labels.service';
import { LedgerService } from '../pass/ledger.service';
import { PieceOrphans } from '../pieces/piece-orphans';

export const SCHEDULE_SETTINGS = Symbol('LABELLING_SCHEDULE_SETTINGS');
export interface ScheduleSettings {
  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's scans. */
  prefix: string;
  everyMs: number;
  reminderDays: number;
}

/** The repeatable hourly scan (BullMQ job scheduler, idempotent by id): label reminders and expiry, pass expiry, orphaned piece objects. */
@Injectable()
export class ScheduleWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LabellingSchedule');
  private jobs?: RepeatableJobs;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
    private readonly labels: LabelsService,
    private readonly ledger: LedgerService,
    private readonly orphans: PieceOrphans,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs = await RepeatableJobs.start({
      connection: this.redis,
      queue: QUEUES.labellingSchedule,
      prefix: this.settings.prefix,
      logger: this.logger,
      jobs: [{ schedulerId: 'labelling-expiry-scan', name: 'labelling.expiry.scan', everyMs: this.settings.everyMs, run: () => this.run() }],
    });
  }

  async run(): Promise<Record<string, number>> {
    const labels = await this.labels.scan(this.settings.reminderDays);
    return { ...labels, passExpires: await this.ledger.expire(), orphanPieces: await this.orphans.sweep() };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs?.close();
  }
}
