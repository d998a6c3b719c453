import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
import { OPERATORS_CONFIG, type OperatorsConfig } from '../config/operators-config';
import { OrientationPurge } from '../orientations/orientation-purge';

/**
 * The operators service's repeatable jobs on one queue (BullMQ job schedulers, idempotent by id; each run taken by one
 * worker): the purge of closed orientations' personal data.
 */
@Injectable()
export class OperatorsScheduleWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(OPERATORS_CONFIG) private readonly config: OperatorsConfig,
    private readonly purge: OrientationPurge,
  ) {
    super(redis, 'OperatorsSchedule');
  }

  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's jobs. */
  private get prefix(): string {
    return `pin-${new URL(this.config.DATABASE_URL).pathname.replace(/^\//, '') || 'default'}`;
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    return {
      queue: QUEUES.operatorsSchedule,
      prefix: this.prefix,
      jobs: [
        { schedulerId: 'operators-orientations-purge', name: 'operators.orientations.purge', everyMs: this.config.ORIENTATION_PURGE_EVERY_MS, run: async () => ({ purged: await this.purge.run() }) },
      ],
    };
  }
}
