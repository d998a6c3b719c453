import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { MAILBOX_CONFIG, type MailboxConfig } from '../config/config.schema';

export const PROVISION_JOB = 'mailbox.provision';

/** Queue keys carry the database name, so platforms sharing one Redis never run each other's jobs. */
export const queuePrefix = (config: MailboxConfig) => `bull-mailbox-${new URL(config.DATABASE_URL).pathname.slice(1) || 'default'}`;

/** Producer of provisioning jobs: one per request (jobId = request id: enqueuing twice runs it once), retried with exponential backoff. */
@Injectable()
export class ProvisionQueue implements OnApplicationShutdown {
  readonly queue: Queue;

  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(MAILBOX_CONFIG) private readonly config: MailboxConfig,
  ) {
    this.queue = new Queue(QUEUES.mailboxProvision, { connection: redis, prefix: queuePrefix(config) });
  }

  async enqueue(requestId: string): Promise<void> {
    await this.queue.add(PROVISION_JOB, { requestId }, {
      jobId: requestId,
      attempts: this.config.PROVISION_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.PROVISION_BACKOFF_MS },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
