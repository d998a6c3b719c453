import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { JobName } from '@pin/contracts';
import { RepeatableJobs, type RepeatableJobsOptions } from './repeatable';

/** What a repeatable-jobs worker runs: its queue, key prefix and jobs. */
export type RepeatableJobsSpec = Omit<RepeatableJobsOptions<JobName>, 'connection' | 'logger'>;

/**
 * A Nest provider owning a service's repeatable jobs: they start on application bootstrap and stop
 * on shutdown (the run in progress finishes, then worker and queue close). A subclass says which
 * queue, key prefix and jobs in `repeatableJobs()`; failed runs are logged by its `logger`.
 */
export abstract class RepeatableJobsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private jobs?: RepeatableJobs;

  protected constructor(
    private readonly connection: Redis,
    loggerContext: string,
  ) {
    this.logger = new Logger(loggerContext);
  }

  protected abstract repeatableJobs(): RepeatableJobsSpec;

  async onApplicationBootstrap(): Promise<void> {
    this.jobs = await RepeatableJobs.start({ ...this.repeatableJobs(), connection: this.connection, logger: this.logger });
  }

  /** The ids of the job schedulers stored under this worker's prefix. */
  async schedulers(): Promise<string[]> {
    return (await this.jobs?.schedulers()) ?? [];
  }

  /** Removes this prefix's schedulers and jobs from Redis (tests; a deployment keeps them). */
  async forget(): Promise<void> {
    await this.jobs?.forget();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs?.close();
  }
}
