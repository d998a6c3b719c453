import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
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
export class DiagnosticRetentionWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(RETENTION_SETTINGS) private readonly settings: RetentionSettings,
    private readonly retention: DiagnosticRetentionService,
  ) {
    super(redis, 'DiagnosticRetention');
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    const { prefix, everyMs } = this.settings;
    return { queue: QUEUES.trainingSchedule, prefix, jobs: [{ schedulerId: 'training-diagnostics-purge', name: 'training.diagnostics.purge', everyMs, run: () => this.run('training.diagnostics.purge') }] };
  }

  async run(name: JobName): Promise<{ supprimes: number }> {
    if (name !== 'training.diagnostics.purge') throw new Error(`unknown job ${name}`);
    const supprimes = await this.retention.purge(this.settings.retentionDays);
    if (supprimes) this.logger.log(`${supprimes} stored diagnostics deleted (older than ${this.settings.retentionDays} days)`);
    return { supprimes };
  }
}
