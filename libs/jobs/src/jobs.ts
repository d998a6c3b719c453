import { Queue, Worker, type Job, type JobsOptions, type Processor } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_QUEUE, type JobData, type JobName, type QueueName } from '@pin/contracts';

/** A job whose payload type follows from its name (see JobMap in libs/contracts). */
export type TypedJob<N extends JobName> = Job<JobData<N>, unknown, N>;
export type JobHandlers<Q extends QueueName> = {
  [N in JobName as (typeof JOB_QUEUE)[N] extends Q ? N : never]: (job: TypedJob<N>) => Promise<unknown>;
};

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Producer side: one BullMQ queue per queue name, shared connection. */
export class JobQueues {
  private readonly queues = new Map<QueueName, Queue>();
  constructor(private readonly connection: Redis) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Enqueues a job. `jobId` makes it idempotent: enqueuing the same id again while the job exists
   * returns the existing job instead of running the work twice.
   */
  async enqueue<N extends JobName>(name: N, data: JobData<N>, opts: { jobId: string } & Omit<JobsOptions, 'jobId'>): Promise<TypedJob<N>> {
    if (opts.jobId.includes(':')) throw new Error('jobId must not contain ":" (BullMQ reserves it)');
    return (await this.queue(JOB_QUEUE[name]).add(name as never, data as never, opts)) as unknown as TypedJob<N>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/**
 * Consumer side: a worker for one queue dispatching by job name. `close()` waits for the jobs in
 * progress to finish (graceful shutdown); an unknown job name fails the job without retry.
 */
export function createWorker<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
  connection: Redis,
  options: { concurrency?: number } = {},
): Worker {
  const processor: Processor = async (job) => {
    const handler = (handlers as unknown as Record<string, (j: Job) => Promise<unknown>>)[job.name];
    if (!handler) throw new Error(`Unknown job ${job.name} on queue ${queue}`);
    return handler(job);
  };
  return new Worker(queue, processor, { connection, concurrency: options.concurrency ?? 2, autorun: true });
}
