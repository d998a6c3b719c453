import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { QUEUES } from '@pin/contracts';
import { createRedis, createWorker, JobQueues, type TypedJob } from '../src';

jest.setTimeout(30_000);

/** BullMQ against the machine's real Redis, on a queue name private to this run. */
describe('jobs (BullMQ + ioredis, real Redis)', () => {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queues = new JobQueues(redis);
  const queueName = QUEUES.test;
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const eventsRedis = createRedis(url);
  const workerRedis = createRedis(url);
  let events: QueueEvents;

  beforeAll(async () => {
    const q = new Queue(queueName, { connection: redis });
    await q.obliterate({ force: true });
    await q.close();
    events = new QueueEvents(queueName, { connection: eventsRedis });
    await events.waitUntilReady();
  });
  afterAll(async () => {
    await events.close();
    await queues.close();
    for (const r of [redis, eventsRedis, workerRedis]) await r.quit();
  });

  it('runs a typed job with progress, retries with backoff, and is idempotent by jobId', async () => {
    const attempts: number[] = [];
    const progress: unknown[] = [];
    events.on('progress', ({ data }) => progress.push(data));
    const worker = createWorker(queueName, {
      'test.echo': async (job: TypedJob<'test.echo'>) => {
        attempts.push(Date.now());
        if (attempts.length <= (job.data.failTimes ?? 0)) throw new Error('transient failure');
        await job.updateProgress({ percent: 50 });
        await job.updateProgress({ percent: 100 });
        return job.data.value.toUpperCase();
      },
    }, workerRedis);
    const jobId = `echo-${randomUUID()}`;
    const job = await queues.enqueue('test.echo', { value: 'bonjour', failTimes: 2 }, { jobId, backoff: { type: 'fixed', delay: 200 } });
    const again = await queues.enqueue('test.echo', { value: 'ignored' }, { jobId });
    expect(again.id).toBe(job.id);

    await expect(job.waitUntilFinished(events, 20_000)).resolves.toBe('BONJOUR');
    expect(attempts).toHaveLength(3);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(150);
    expect(progress).toEqual(expect.arrayContaining([{ percent: 50 }, { percent: 100 }]));
    const closed = worker.close();
    await expect(closed).resolves.toBeUndefined();
  });

  it('refuses a jobId with a colon (BullMQ reserves it)', async () => {
    await expect(queues.enqueue('test.echo', { value: 'x' }, { jobId: 'a:b' })).rejects.toThrow(/jobId/);
  });
});
