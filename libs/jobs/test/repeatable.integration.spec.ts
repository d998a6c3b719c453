import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { QUEUES } from '@pin/contracts';
import { createRedis, RepeatableJobs } from '../src';

jest.setTimeout(30_000);

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/** Repeatable jobs against the machine's real Redis, under key prefixes private to this run. */
describe('RepeatableJobs (BullMQ job schedulers, real Redis)', () => {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const started: RepeatableJobs[] = [];
  afterAll(async () => {
    for (const jobs of started) await jobs.forget();
    for (const jobs of started) await jobs.close();
    await redis.quit();
  });

  it('runs each platform its own jobs under its prefix, logs a failed run, and forgets its schedulers', async () => {
    const [prefixA, prefixB] = [`pin-test-${randomUUID()}`, `pin-test-${randomUUID()}`];
    const warnings: string[] = [];
    const runs = { a: 0, b: 0 };
    const a = await RepeatableJobs.start({
      connection: redis,
      queue: QUEUES.test,
      prefix: prefixA,
      logger: { warn: (m) => warnings.push(m) },
      jobs: [{ schedulerId: 'test-echo-a', name: 'test.echo', everyMs: 60_000, run: async () => { runs.a += 1; throw new Error('boom'); } }],
    });
    started.push(a);
    const b = await RepeatableJobs.start({
      connection: redis,
      queue: QUEUES.test,
      prefix: prefixB,
      logger: { warn: (m) => warnings.push(`B ${m}`) },
      jobs: [{ schedulerId: 'test-echo-b', name: 'test.echo', everyMs: 60_000, run: async () => { runs.b += 1; return { ok: 1 }; } }],
    });
    started.push(b);

    await until(() => runs.a >= 1 && runs.b >= 1 && warnings.length >= 1);
    expect(runs.a).toBeGreaterThanOrEqual(1);
    expect(runs.b).toBeGreaterThanOrEqual(1);
    expect(warnings).toContain('test.echo failed: boom');
    expect(warnings.filter((w) => w.startsWith('B '))).toEqual([]);
    expect(await a.schedulers()).toEqual(['test-echo-a']);
    expect(await b.schedulers()).toEqual(['test-echo-b']);

    await a.forget();
    const queue = new Queue(QUEUES.test, { connection: redis, prefix: prefixA });
    expect(await queue.getJobSchedulers()).toEqual([]);
    await queue.close();
  });

  it('closes once the run in progress has finished: a shutdown never cuts a run short', async () => {
    const prefix = `pin-test-${randomUUID()}`;
    const events: string[] = [];
    let shutdownBegun!: () => void;
    const shutdown = new Promise<void>((r) => (shutdownBegun = r));
    const jobs = await RepeatableJobs.start({
      connection: redis,
      queue: QUEUES.test,
      prefix,
      logger: { warn: (m) => events.push(m) },
      jobs: [{
        schedulerId: 'test-echo-slow',
        name: 'test.echo',
        everyMs: 60_000,
        run: async () => {
          events.push('run started');
          await shutdown;
          // Still working a while after the shutdown began.
          await new Promise((r) => setTimeout(r, 500));
          events.push('run finished');
        },
      }],
    });
    await until(() => events.includes('run started'));
    expect(events).toEqual(['run started']);
    const closed = jobs.close().then(() => events.push('closed'));
    shutdownBegun();
    await closed;
    expect(events).toEqual(['run started', 'run finished', 'closed']);

    const queue = new Queue(QUEUES.test, { connection: redis, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
