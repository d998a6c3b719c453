import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobName, QueueName } from '@pin/contracts';

/** Options of every run of a repeatable job: few kept runs, three attempts with backoff. */
export const REPEATABLE_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { count: 50 },
  removeOnFail: { count: 200 },
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
};

/** One repeatable job: its scheduler id (idempotent across restarts and replicas), job name, interval and work. */
export interface RepeatableJob<N extends JobName = JobName> {
  schedulerId: string;
  name: N;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface RepeatableJobsOptions<N extends JobName = JobName> {
  connection: Redis;
  queue: QueueName;
  /** Key prefix carrying the database name: platforms sharing one Redis never run each other's jobs. */
  prefix: string;
  jobs: readonly RepeatableJob<N>[];
  /** Where a failed run is reported (the service's Nest logger). */
  logger: { warn(message: string): unknown };
}

/**
 * A service's repeatable BullMQ jobs on one queue: a job scheduler per job (idempotent by id: one
 * schedule whatever the number of replicas; each run is taken by one worker), one run at a time per
 * replica. BullMQ schedules the next run when one starts, so a run longer than its interval may
 * overlap the next on another replica: every job's work is written to be safe if it does (each
 * item changed by a guarded statement or in its own transaction). Start it from OnApplicationBootstrap and
 * `close()` it from OnApplicationShutdown (the worker waits for the run in progress, then the queue closes).
 */
export class RepeatableJobs {
  private constructor(
    private readonly queue: Queue,
    private readonly worker: Worker,
  ) {}

  static async start<N extends JobName>(options: RepeatableJobsOptions<N>): Promise<RepeatableJobs> {
    const { connection, prefix, jobs, logger } = options;
    const queue = new Queue(options.queue, { connection, prefix });
    try {
      for (const job of jobs) {
        await queue.upsertJobScheduler(job.schedulerId, { every: job.everyMs }, { name: job.name, data: {}, opts: REPEATABLE_JOB_OPTIONS });
      }
    } catch (err) {
      await queue.close().catch(() => undefined);
      throw err;
    }
    const byName = new Map<string, RepeatableJob<N>>(jobs.map((j) => [j.name, j]));
    const worker = new Worker(
      options.queue,
      async (job) => {
        const found = byName.get(job.name);
        if (!found) throw new Error(`unknown job ${job.name}`);
        return found.run();
      },
      { connection, prefix, concurrency: 1 },
    );
    worker.on('failed', (job, err) => logger.warn(`${job?.name ?? 'job'} failed: ${err.message}`));
    return new RepeatableJobs(queue, worker);
  }

  /** The ids of the job schedulers stored for this queue and prefix. */
  async schedulers(): Promise<string[]> {
    return (await this.queue.getJobSchedulers()).map((s) => s.key ?? s.name);
  }

  /** Removes this prefix's schedulers and jobs from Redis (tests; a deployment keeps them). */
  async forget(): Promise<void> {
    await this.worker.close();
    await this.queue.obliterate({ force: true });
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }
}
