import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION, RepeatableJobsWorker, type RepeatableJobsSpec } from '@pin/jobs';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';
import { ProvisionWorker } from './provision.worker';

/**
 * The mailbox service's repeatable jobs on their own queue (BullMQ job schedulers, idempotent by id;
 * each run taken by one worker, never on the provisioning queue's workers): the sweep every MAILBOX_SWEEP_MS —
 * scheduled deletions past their grace period lose their mail, requests whose job was lost are
 * enqueued again. Shutdown waits for the sweep in progress.
 */
@Injectable()
export class MailboxScheduleWorker extends RepeatableJobsWorker {
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
    private readonly provision: ProvisionWorker,
  ) {
    super(redis, 'MailboxSchedule');
  }

  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's jobs. */
  private get prefix(): string {
    return `pin-${new URL(this.config.DATABASE_URL).pathname.replace(/^\//, '') || 'default'}`;
  }

  protected repeatableJobs(): RepeatableJobsSpec {
    return {
      queue: QUEUES.mailboxSchedule,
      prefix: this.prefix,
      jobs: [{ schedulerId: 'mailbox-requests-sweep', name: 'mailbox.requests.sweep', everyMs: this.config.MAILBOX_SWEEP_MS, run: async () => ({ deleted: await this.provision.sweep() }) }],
    };
  }
}
