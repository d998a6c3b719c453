import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES, type JobName } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
import { ScheduleService, SCHEDULE_SETTINGS, type ScheduleSettings } from './schedule.service';

export const SCHEDULE_PREFIX = Symbol('SCHEDULE_PREFIX');
export const SCAN_EVERY_MS = Symbol('SCAN_EVERY_MS');

/**
 * Repeatable BullMQ jobs (job schedulers, idempotent by id): the expiry scan (30-day notices and
 * expired events) and the retention purge. The key prefix carries the database name, so that
 * several platforms sharing one Redis (tests, benchmarks) never run each other's scans.
 */
@Injectable()
export class ScheduleWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(SCHEDULE_PREFIX) private readonly prefix: string,
    @Inject(SCAN_EVERY_MS) private readonly everyMs: number,
    @Inject(SCHEDULE_SETTINGS) private readonly settings: ScheduleSettings,
    private readonly schedule: ScheduleService,
  ) {
    super(redis, 'ScheduleWorker');
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    return {
      queue: QUEUES.mandatesSchedule,
      prefix: this.prefix,
      jobs: [
        { schedulerId: 'mandates-expiry-scan', name: 'mandates.expiry.scan', everyMs: this.everyMs, run: () => this.run('mandates.expiry.scan') },
        { schedulerId: 'mandates-retention-purge', name: 'mandates.retention.purge', everyMs: this.everyMs, run: () => this.run('mandates.retention.purge') },
      ],
    };
  }

  /** Runs one scan now (the jobs call this; so does the admin maintenance request). */
  async run(name: JobName): Promise<Record<string, number>> {
    if (name === 'mandates.expiry.scan') {
      return { notifies: await this.schedule.notifyExpiring(this.settings.noticeDays), expires: await this.schedule.emitExpired() };
    }
    if (name === 'mandates.retention.purge') {
      return { purges: await this.schedule.purge(this.settings.retentionDays), habilitations: await this.schedule.purgeHabilitations(this.settings.retentionDays), membres: await this.schedule.purgeMembers(this.settings.retentionDays) };
    }
    throw new Error(`unknown job ${name}`);
  }
}
