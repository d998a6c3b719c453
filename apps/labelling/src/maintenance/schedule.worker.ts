import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
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
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
    private readonly labels: LabelsService,
    private readonly ledger: LedgerService,
    private readonly orphans: PieceOrphans,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(QUEUES.labellingSchedule, { connection: this.redis, prefix: this.settings.prefix });
    const opts = { removeOnComplete: { count: 50 }, removeOnFail: { count: 200 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };
    await this.queue.upsertJobScheduler('labelling-expiry-scan', { every: this.settings.everyMs }, { name: 'labelling.expiry.scan' satisfies JobName, data: {}, opts });
    this.worker = new Worker(QUEUES.labellingSchedule, async () => this.run(), { connection: this.redis, prefix: this.settings.prefix, concurrency: 1 });
    this.worker.on('failed', (job, err) => this.logger.warn(`${job?.name ?? 'job'} failed: ${err.message}`));
  }

  async run(): Promise<Record<string, number>> {
    const labels = await this.labels.scan(this.settings.reminderDays);
    return { ...labels, passExpires: await this.ledger.expire(), orphanPieces: await this.orphans.sweep() };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
