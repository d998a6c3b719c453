/**
 * `node dist/bench/outbox-ab.js` (~40 s): the producer side of the outbox, A/B on a shared, noisy
 * machine. Raw commits (BEGIN; INSERT; COMMIT), the former write path (`dataSource.transaction`
 * with the outbox INSERT as its own statement, then COMMIT), today's `Outbox.run` (outbox
 * INSERT and COMMIT in one round trip, UUIDv7 event ids) and `Outbox.run` with random (v4) event
 * ids run in turns (every other round in reverse order) of BENCH_WINDOW_MS (2,000) for BENCH_ROUNDS (6)
 * rounds, so that the machine's drift hits all four alike; prints cumulative ratios after each
 * round (after one warm-up round). Relay and consumer are not started. Prints figures, asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createEvent } from '@pin/contracts';
import { writeOutboxRows } from '@pin/messaging';
import { Cleanup, envInt, pct, runUntil } from './bench-util';
import { BenchRowCreated, EventsBenchEnv } from './events-env';

async function main(): Promise<void> {
  const concurrency = envInt('BENCH_CONCURRENCY', 32);
  const windowMs = envInt('BENCH_WINDOW_MS', 2_000);
  const rounds = envInt('BENCH_ROUNDS', 6);
  const cleanup = new Cleanup();
  try {
    const env = await EventsBenchEnv.start(concurrency, cleanup);
    const pool = new Pool({ connectionString: env.producerDb.url, max: concurrency });
    cleanup.add('raw pool', () => pool.end());
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
    cleanup.add('raw clients', async () => clients.forEach((c) => c.release()));
    let n = 0;
    const paths: Record<string, (worker: number) => Promise<void>> = {
      raw: async (worker) => {
        const c = clients[worker];
        await c.query('BEGIN');
        await c.query('INSERT INTO bench_raw (id, n, note) VALUES ($1, $2, $3)', [randomUUID(), (n += 1), env.note]);
        await c.query('COMMIT');
      },
      former: async () => {
        const id = randomUUID();
        const k = (n += 1);
        await env.producer.transaction(async (m) => {
          await m.query('INSERT INTO bench_row (id, phase, n, note) VALUES ($1, $2, $3, $4)', [id, 'ab', k, env.note]);
          const data = { id, phase: 'ab', n: k, note: env.note };
          await writeOutboxRows(m, [createEvent(BenchRowCreated, { source: 'pin/bench', subject: id, data, correlationId: `bench-${k}` })]);
        });
      },
      outboxRun: () => env.produce('ab', (n += 1)),
      // Outbox.run with a random (v4) event id, as before time-ordered ids.
      outboxRunV4: () => env.produce('ab', (n += 1), randomUUID()),
    };
    const totals: Record<string, number> = { raw: 0, former: 0, outboxRun: 0, outboxRunV4: 0 };
    // Round 0 warms up (JIT, pools) and is not counted.
    for (let round = 0; round <= rounds; round++) {
      // Every other round runs the paths in reverse order, so that no path always follows the same one.
      const order = round % 2 === 0 ? Object.entries(paths) : Object.entries(paths).reverse();
      for (const [name, step] of order) {
        const commits = await runUntil(concurrency, Date.now() + windowMs, step);
        if (round > 0) totals[name] += commits;
        await env.producer.query('TRUNCATE outbox, bench_row, bench_raw');
      }
      if (round > 0) console.log(`round ${round}: former ${pct(totals.former / totals.raw)} of raw, Outbox.run ${pct(totals.outboxRun / totals.raw)} of raw, ` +
        `Outbox.run / former ${(totals.outboxRun / totals.former).toFixed(2)}, ` +
        `Outbox.run (v4 ids) ${pct(totals.outboxRunV4 / totals.raw)} of raw, Outbox.run / Outbox.run with v4 ids ${(totals.outboxRun / totals.outboxRunV4).toFixed(2)} (raw ${Math.round((totals.raw * 1000) / (round * windowMs))} commits/s)`);
    }
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:outbox-ab] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
