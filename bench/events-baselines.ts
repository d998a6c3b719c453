import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { HEADERS } from '@pin/contracts';
import { runUntil, type CpuUse } from './bench-util';
import { RAW_SUBJECT, type EventsBenchEnv } from './events-env';

export interface RawCommitResult {
  commits: number;
  seconds: number;
  perSecond: number;
  cpu: CpuUse;
}

/**
 * Raw commit ceiling: `concurrency` clients (a pg Pool of that size), each looping on
 * BEGIN; INSERT (same row shape as the pipeline's business row); COMMIT.
 */
export async function measureRawCommits(env: EventsBenchEnv, concurrency: number, seconds: number): Promise<RawCommitResult> {
  const pool = new Pool({ connectionString: env.producerDb.url, max: concurrency });
  try {
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
    let n = 0;
    const cpu = env.cpuMeter();
    const started = Date.now();
    const commits = await runUntil(concurrency, started + seconds * 1000, async (worker) => {
      const c = clients[worker];
      await c.query('BEGIN');
      await c.query('INSERT INTO bench_raw (id, n, note) VALUES ($1, $2, $3)', [randomUUID(), (n += 1), env.note]);
      await c.query('COMMIT');
    });
    const elapsed = (Date.now() - started) / 1000;
    const cpuUse = await cpu();
    for (const c of clients) c.release();
    return { commits, seconds: elapsed, perSecond: commits / elapsed, cpu: cpuUse };
  } finally {
    await pool.end();
  }
}

export interface RawPublishResult {
  messages: number;
  bytes: number;
  seconds: number;
  perSecond: number;
  inFlight: number;
  cpu: CpuUse;
}

/**
 * Raw JetStream publish: messages of an event's size, with a `Nats-Msg-Id` and the same headers
 * as the relay, `inFlight` unacknowledged at any time, for `seconds` seconds (acks awaited).
 */
export async function measureRawPublish(env: EventsBenchEnv, seconds: number, inFlight = 256): Promise<RawPublishResult> {
  const payload = env.sampleEvent();
  const publishOne = async () => {
    const h = natsHeaders();
    h.set(HEADERS.correlationId, 'bench-raw');
    h.set('Content-Type', 'application/cloudevents+json');
    await env.js.publish(RAW_SUBJECT, payload, { msgID: randomUUID(), headers: h, timeout: 5_000 });
  };
  const cpu = env.cpuMeter();
  const started = Date.now();
  // `inFlight` independent loops keep exactly that many publishes awaiting their ack.
  const messages = await runUntil(inFlight, started + seconds * 1000, publishOne);
  const elapsed = (Date.now() - started) / 1000;
  return { messages, bytes: Buffer.byteLength(payload), seconds: elapsed, perSecond: messages / elapsed, inFlight, cpu: await cpu() };
}

/**
 * Diagnostic: `outbox.run` producers alone (relay and consumer not started), to separate the
 * cost of the outbox transaction from the contention of relay and consumer. Rows are then removed.
 */
export async function measureOutboxOnly(env: EventsBenchEnv, concurrency: number, seconds: number): Promise<RawCommitResult> {
  let n = 0;
  const cpu = env.cpuMeter();
  const started = Date.now();
  const commits = await runUntil(concurrency, started + seconds * 1000, () => env.produce('outbox-only', (n += 1)));
  const elapsed = (Date.now() - started) / 1000;
  const cpuUse = await cpu();
  await env.producer.query('TRUNCATE outbox');
  return { commits, seconds: elapsed, perSecond: commits / elapsed, cpu: cpuUse };
}
