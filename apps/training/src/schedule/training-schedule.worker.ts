import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
import { DiagnosticRetentionService } from '../diagnostic/retention/diagnostic-retention.service';
import { SessionReminders } from '../sessions/session-reminders.service';

export interface ScheduleSettings {
  retentionDays: number;
  reminderDays: number;
  everyMs: number;
  /** BullMQ key prefix: carries the database name, so platforms sharing one Redis never run each other's scans. */
  prefix: string;
}
export const SCHEDULE_SETTINGS = Symbol('TRAINING_SCHEDULE_SETTINGS');

/**
 * The training service's repeatable jobs on one queue (BullMQ job schedulers, idempotent by id; each run taken by one
 * worker): the reminders before sessions and the purge of stored diagnostics.
 */
@Injectable()
export class TrainingScheduleWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
    private readonly retention: DiagnosticRetentionService,
    private readonly reminders: SessionReminders,
  ) {
    super(redis, 'TrainingSchedule');
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    const { prefix, everyMs } = this.settings;
    return {
      queue: QUEUES.trainingSchedule,
      prefix,
      jobs: [
        { schedulerId: 'training-reminders-scan', name: 'training.reminders.scan', everyMs, run: () => this.run('training.reminders.scan') },
        { schedulerId: 'training-diagnostics-purge', name: 'training.diagnostics.purge', everyMs, run: () => this.run('training.diagnostics.purge') },
      ],
    };
  }

  async run(name: JobName): Promise<Record<string, number>> {
    if (name === 'training.reminders.scan') {
      const rappels = await this.reminders.scan(this.settings.reminderDays);
      if (rappels) this.logger.log(`${rappels} reminders recorded before sessions`);
      return { rappels };
    }
    if (name !== 'training.diagnostics.purge') throw new Error(`unknown job ${name}`);
    const supprimes = await this.retention.purge(this.settings.retentionDays);
    if (supprimes) this.logger.log(`${supprimes} stored diagnostics deleted (older than ${this.settings.retentionDays} days)`);
    return { supprimes };
  }
}
