import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { OrphanSweep } from '../storage/orphan-sweep.service';
import { ExpiryReminders } from './expiry-reminders.service';

type SafeJob = Extract<JobName, `safe.${string}`>;

/**
 * The safe's repeatable jobs on one queue (BullMQ job schedulers, idempotent by id; one run at a
 * time across replicas): the expiry scan and the sweep of orphaned objects.
 */
@Injectable()
export class RemindersWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SafeReminders');
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
    private readonly reminders: ExpiryReminders,
    private readonly orphans: OrphanSweep,
  ) {}

  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's scans. */
  private get prefix(): string {
    return `pin-${new URL(this.config.DATABASE_URL).pathname.replace(/^\//, '') || 'default'}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue = new Queue(QUEUES.safeSchedule, { connection: this.redis, prefix: this.prefix });
    const opts = { removeOnComplete: { count: 50 }, removeOnFail: { count: 200 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };
    await this.queue.upsertJobScheduler('safe-expiry-scan', { every: this.config.SAFE_EXPIRY_SCAN_EVERY_MS }, { name: 'safe.expiry.scan' satisfies JobName, data: {}, opts });
    await this.queue.upsertJobScheduler('safe-orphan-sweep', { every: this.config.SAFE_ORPHAN_SWEEP_EVERY_MS }, { name: 'safe.orphans.sweep' satisfies JobName, data: {}, opts });
    this.worker = new Worker(QUEUES.safeSchedule, async (job) => this.run(job.name as SafeJob), { connection: this.redis, prefix: this.prefix, concurrency: 1 });
    this.worker.on('failed', (job, err) => this.logger.warn(`${job?.name ?? 'job'} failed: ${err.message}`));
  }

  private async run(name: SafeJob): Promise<Record<string, number>> {
    switch (name) {
      case 'safe.expiry.scan':
        return { reminders: await this.reminders.scan() };
      case 'safe.orphans.sweep':
        return { removed: await this.orphans.sweep() };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
