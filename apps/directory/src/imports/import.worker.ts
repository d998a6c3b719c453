import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type JobData } from '@pin/contracts';
import { DEFAULT_JOB_OPTIONS, REDIS_CONNECTION } from '@pin/jobs';
import { IMPORT_QUEUE_PREFIX } from './import-queue';
import { ImportRunner } from './import-runner';

/** BullMQ lock duration of an import job (ms); a crashed replica's job is taken over after about twice this. */
export const IMPORT_JOB_LOCK_MS = Symbol('IMPORT_JOB_LOCK_MS');

/** BullMQ worker of the directory's import queue (one import at a time per replica). */
@Injectable()
export class ImportWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('ImportWorker');
  private worker?: Worker;
  private connection?: Redis;

  constructor(
    private readonly runner: ImportRunner,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
    @Inject(IMPORT_QUEUE_PREFIX) private readonly prefix: string,
    @Inject(IMPORT_JOB_LOCK_MS) private readonly lockMs: number,
  ) {}

  onApplicationBootstrap(): void {
    // The worker's own connection: closed after the worker, whatever the shutdown order of modules.
    this.connection = this.redis.duplicate();
    this.worker = new Worker(
      QUEUES.directoryImport,
      async (job: Job<JobData<'directory.import.lieux'>>) => {
        if (job.name !== 'directory.import.lieux') throw new Error(`Unknown job ${job.name}`);
        return this.runner.run(job.data, job);
      },
      // A job whose replica died (kill -9, OOM) keeps its lock until it expires; the stalled-job check
      // (every lockMs) then puts it back in the queue and the runner resumes after the last committed batch.
      { connection: this.connection, prefix: this.prefix, concurrency: 1, lockDuration: this.lockMs, stalledInterval: this.lockMs },
    );
    this.worker.on('failed', (job, err) => {
      if (!job) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? DEFAULT_JOB_OPTIONS.attempts ?? 1);
      this.log.error(`import job ${job.id} failed (attempt ${job.attemptsMade}${last ? ', last' : ''}): ${err.message}`);
      if (last) void this.runner.fail(job.data.importId, "L'import a échoué de manière inattendue ; les lots déjà enregistrés sont conservés. Relancez l'import.").catch(() => undefined);
    });
    this.worker.on('error', (err) => this.log.error(`import worker: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }
}
