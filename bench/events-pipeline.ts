import { runUntil, sleep, type CpuUse } from './bench-util';
import type { EventsBenchEnv } from './events-env';

const DRAIN_TIMEOUT_MS = 60_000;

/** Once a second during a phase: where the events are (committed, published, consumed). */
export interface Sample {
  second: number;
  committed: number;
  published: number;
  consumed: number;
  outboxBacklog: number;
  streamBacklog: number;
}

export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface PhaseResult {
  phase: string;
  committed: number;
  failedCommits: number;
  windowSeconds: number;
  committedPerSecond: number;
  consumedInWindow: number;
  consumedPerSecond: number;
  drainMs: number;
  drained: boolean;
  latency: Latency;
  relayBatches: number;
  relayAvgBatch: number;
  consumerBatches: number;
  consumerAvgBatch: number;
  consumerMaxBatch: number;
  samples: Sample[];
  /** Over the load window (drain excluded). */
  cpu: CpuUse;
}

/** Closed loop: `concurrency` producers each run `outbox.run` back to back for `seconds`. */
export function runSaturated(env: EventsBenchEnv, concurrency: number, seconds: number): Promise<PhaseResult> {
  return measurePhase(env, 'saturated', seconds, async (deadline, produce) => {
    await runUntil(concurrency, deadline, () => produce());
  });
}

/** Open loop: transactions started on a fixed schedule of `rate` per second, whatever their duration. */
export function runPaced(env: EventsBenchEnv, rate: number, seconds: number): Promise<PhaseResult> {
  return measurePhase(env, `paced-${rate}`, seconds, async (deadline, produce) => {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    let launched = 0;
    while (Date.now() < deadline) {
      const due = Math.floor(((Date.now() - started) * rate) / 1000);
      for (; launched < due; launched += 1) {
        const p: Promise<void> = produce().finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep(1);
    }
    await Promise.all(inFlight);
  });
}

type Producer = () => Promise<void>;

async function measurePhase(
  env: EventsBenchEnv,
  phase: string,
  seconds: number,
  drive: (deadline: number, produce: Producer) => Promise<void>,
): Promise<PhaseResult> {
  const base = { published: env.relay.stats.published, batches: env.relay.stats.batches, consumed: env.consumer.stats.processed };
  let committed = 0;
  let failedCommits = 0;
  let n = 0;
  const produce: Producer = async () => {
    try {
      await env.produce(phase, (n += 1));
      committed += 1;
    } catch (err) {
      failedCommits += 1;
      if (failedCommits <= 3) console.error(`[bench] ${phase}: commit failed: ${(err as Error).message}`);
    }
  };
  const consumedNow = () => env.consumer.stats.processed - base.consumed;
  const samples: Sample[] = [];
  const cpu = env.cpuMeter();
  const started = Date.now();
  const sampler = setInterval(() => {
    const published = env.relay.stats.published - base.published;
    const consumed = consumedNow();
    samples.push({
      second: Math.round((Date.now() - started) / 1000),
      committed, published, consumed, outboxBacklog: committed - published, streamBacklog: published - consumed,
    });
  }, 1_000);
  let windowEnd = 0;
  let consumedInWindow = 0;
  let cpuUse: CpuUse = { processCores: Number.NaN, machineBusy: Number.NaN, byProcess: [] };
  try {
    await drive(started + seconds * 1000, produce);
    windowEnd = Date.now();
    consumedInWindow = consumedNow();
    cpuUse = await cpu();
    // Drain: the samples go on, so a backlog's decay is visible too.
    while (consumedNow() < committed && Date.now() - windowEnd < DRAIN_TIMEOUT_MS) await sleep(5);
  } finally {
    clearInterval(sampler);
  }
  const drainMs = Date.now() - windowEnd;
  const windowSeconds = (windowEnd - started) / 1000;
  const relayBatches = env.relay.stats.batches - base.batches;
  const batches = await consumerBatches(env, phase);
  return {
    phase,
    committed,
    failedCommits,
    windowSeconds,
    committedPerSecond: committed / windowSeconds,
    consumedInWindow,
    consumedPerSecond: consumedInWindow / windowSeconds,
    drainMs,
    drained: consumedNow() >= committed,
    latency: await latency(env, phase),
    relayBatches,
    relayAvgBatch: (env.relay.stats.published - base.published) / Math.max(1, relayBatches),
    consumerBatches: batches.count,
    consumerAvgBatch: batches.avg,
    consumerMaxBatch: batches.max,
    samples,
    cpu: cpuUse,
  };
}

/** Commit-to-consumed latency: event `time` (set just before commit) to the consumer's clock at handling. */
async function latency(env: EventsBenchEnv, phase: string): Promise<Latency> {
  const [row] = await env.consumerDs.query(
    `SELECT count(*)::int AS count,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
            max(ms) AS max
       FROM (SELECT extract(epoch FROM seen_at - event_time) * 1000 AS ms FROM bench_seen WHERE phase = $1) s`,
    [phase],
  );
  return { count: row.count, p50: Number(row.p50), p99: Number(row.p99), max: Number(row.max) };
}

/** Consumer batch sizes: events handled in one consumer transaction share a txid. */
async function consumerBatches(env: EventsBenchEnv, phase: string): Promise<{ count: number; avg: number; max: number }> {
  const [row] = await env.consumerDs.query(
    `SELECT count(*)::int AS count, coalesce(avg(size), 0)::float AS avg, coalesce(max(size), 0)::int AS max
       FROM (SELECT count(*) AS size FROM bench_seen WHERE phase = $1 GROUP BY batch_tx) b`,
    [phase],
  );
  return { count: row.count, avg: row.avg, max: row.max };
}
