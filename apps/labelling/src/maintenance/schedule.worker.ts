import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
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
export class ScheduleWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
    private readonly labels: LabelsService,
    private readonly ledger: LedgerService,
    private readonly orphans: PieceOrphans,
  ) {
    super(redis, 'LabellingSchedule');
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    const { prefix, everyMs } = this.settings;
    return { queue: QUEUES.labellingSchedule, prefix, jobs: [{ schedulerId: 'labelling-expiry-scan', name: 'labelling.expiry.scan', everyMs, run: () => this.run() }] };
  }

  async run(): Promise<Record<string, number>> {
    const labels = await this.labels.scan(this.settings.reminderDays);
    return { ...labels, passExpires: await this.ledger.expire(), orphanPieces: await this.orphans.sweep() };
  }
}
