import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { DiagnosticRetentionService } from './diagnostic-retention.service';

export interface RetentionSettings {
  retentionDays: number;
  everyMs: number;
  /** BullMQ key prefix: carries the database name, so platforms sharing one Redis never run each other's purge. */
  prefix: string;
}
export const RETENTION_SETTINGS = Symbol('RETENTION_SETTINGS');

/** The repeatable purge of stored diagnostics (a job scheduler, idempotent by id). */
@Injectable()
export class DiagnosticRetentionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DiagnosticRetention');
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
    private readonly retention: DiagnosticRetentionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { prefix, everyMs } = this.settings;
    this.queue = new Queue(QUEUES.trainingSchedule, { connection: this.redis, prefix });
    const opts = { removeOnComplete: { count: 50 }, removeOnFail: { count: 200 }, attempts: 3, backoff: { type: 'exponential', delay: 5_000 } };
    await this.queue.upsertJobScheduler('training-diagnostics-purge', { every: everyMs }, { name: 'training.diagnostics.purge' satisfies JobName, data: {}, opts });
    this.worker = new Worker(QUEUES.trainingSchedule, async (job) => this.run(job.name as JobName), { connection: this.redis, prefix, concurrency: 1 });
    this.worker.on('failed', (job, err) => this.logger.warn(`${job?.name ?? 'job'} failed: ${err.message}`));
  }

  async run(name: JobName): Promise<{ supprimes: number }> {
    if (name !== 'training.diagnostics.purge') throw new Error(`unknown job ${name}`);
    const supprimes = await this.retention.purge(this.settings.retentionDays);
    if (supprimes) this.logger.log(`${supprimes} stored diagnostics deleted (older than ${this.settings.retentionDays} days)`);
    return { supprimes };
  }

  async schedulers(): Promise<string[]> {
    return ((await this.queue?.getJobSchedulers()) ?? []).map((s) => s.key ?? s.name);
  }

  /** Removes this prefix's schedulers and jobs from Redis (tests; a deployment keeps them). */
  async forget(): Promise<void> {
    await this.worker?.close();
    await this.queue?.obliterate({ force: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }
}
