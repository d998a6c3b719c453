import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type JobData } from '@pin/contracts';
import { DEFAULT_JOB_OPTIONS, REDIS_CONNECTION } from '@pin/jobs';

/**
 * BullMQ key prefix of the import queue: it carries the database name, so that several platforms
 * sharing one Redis (tests, benchmarks) never run each other's imports.
 */
export const IMPORT_QUEUE_PREFIX = Symbol('IMPORT_QUEUE_PREFIX');
export const importQueuePrefix = (databaseUrl: string) => `pin-${decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || 'directory'}`;

/** Producer side of the `directory.import.lieux` job. */
@Injectable()
export class ImportQueue implements OnApplicationShutdown {
  readonly queue: Queue;
  constructor(
    @Inject(REDIS_CONNECTION) redis: Redis,
    @Inject(IMPORT_QUEUE_PREFIX) readonly prefix: string,
  ) {
    this.queue = new Queue(QUEUES.directoryImport, { connection: redis, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  }

  /** Idempotent by import id: enqueuing the same import twice runs it once. */
  async enqueue(data: JobData<'directory.import.lieux'>): Promise<void> {
    await this.queue.add('directory.import.lieux', data, { jobId: `import-${data.importId}` });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
