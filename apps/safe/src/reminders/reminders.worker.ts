import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
import { SAFE_CONFIG, type SafeConfig } from '../config/config.schema';
import { PortabilityService } from '../documents/portability.service';
import { OrphanSweep } from '../storage/orphan-sweep.service';
import { ExpiryReminders } from './expiry-reminders.service';

/**
 * The safe's repeatable jobs on one queue (BullMQ job schedulers, idempotent by id; each run taken by one
 * worker): the expiry scan, the sweep of orphaned objects and the due closures (keys
 * destroyed once the recovery period is over).
 */
@Injectable()
export class RemindersWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(SAFE_CONFIG) private readonly config: SafeConfig,
    private readonly reminders: ExpiryReminders,
    private readonly orphans: OrphanSweep,
    private readonly portability: PortabilityService,
  ) {
    super(redis, 'SafeReminders');
  }

  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's scans. */
  private get prefix(): string {
    return `pin-${new URL(this.config.DATABASE_URL).pathname.replace(/^\//, '') || 'default'}`;
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    return {
      queue: QUEUES.safeSchedule,
      prefix: this.prefix,
      jobs: [
        { schedulerId: 'safe-expiry-scan', name: 'safe.expiry.scan', everyMs: this.config.SAFE_EXPIRY_SCAN_EVERY_MS, run: async () => ({ reminders: await this.reminders.scan() }) },
        { schedulerId: 'safe-orphan-sweep', name: 'safe.orphans.sweep', everyMs: this.config.SAFE_ORPHAN_SWEEP_EVERY_MS, run: async () => ({ removed: await this.orphans.sweep() }) },
        { schedulerId: 'safe-closures-run', name: 'safe.closures.run', everyMs: this.config.SAFE_CLOSURE_SWEEP_EVERY_MS, run: async () => ({ closed: await this.portability.runDueClosures() }) },
      ],
    };
  }
}
