/**
 * Event backbone benchmark (`npm run bench:events`): outbox -> relay -> JetStream -> inbox
 * consumer, against raw baselines measured in the same run on the same machine.
 * Settings: BENCH_CONCURRENCY (default 32), BENCH_SECONDS per phase (default 10).
 * Prints figures and ratios; never asserts a timing.
 */
import { availableParallelism } from 'node:os';
import { Cleanup, envInt, fmt, pct, printTable, recordResult, type CpuUse } from './bench-util';
import { measureOutboxOnly, measureRawCommits, measureRawPublish } from './events-baselines';
import { BENCH_PG, EventsBenchEnv } from './events-env';
import { runPaced, runSaturated, type PhaseResult } from './events-pipeline';

const PACED_RATE = 500;
const THROUGHPUT_TARGET = 0.6;
const P99_TARGET_MS = 50;

async function main(): Promise<void> {
  const concurrency = envInt('BENCH_CONCURRENCY', 32);
  const seconds = envInt('BENCH_SECONDS', 10);
  const cleanup = new Cleanup();
  console.log(`[bench:events] concurrency ${concurrency}, ${seconds} s per phase, ${availableParallelism()} cores ` +
    '(PostgreSQL, nats-server and this process share them)');
  try {
    const env = await EventsBenchEnv.start(concurrency, cleanup);
    console.log(`[bench:events] event size ${Buffer.byteLength(env.sampleEvent())} bytes; private nats-server ${env.nats.url}`);

    console.log('[bench:events] 1/5 raw commit ceiling...');
    const raw = await measureRawCommits(env, concurrency, seconds);
    console.log('[bench:events] 2/5 raw JetStream publish...');
    const pub = await measureRawPublish(env, seconds);
    console.log('[bench:events] 3/5 diagnostic: outbox.run alone (relay and consumer stopped)...');
    const outboxOnly = await measureOutboxOnly(env, concurrency, seconds);
    await env.startPipeline(cleanup);
    console.log('[bench:events] 4/5 pipeline, saturated...');
    const sat = await runSaturated(env, concurrency, seconds);
    console.log(`[bench:events] 5/5 pipeline, paced at ${PACED_RATE} events/s...`);
    const paced = await runPaced(env, PACED_RATE, seconds);

    printTable('Throughput', [
      ['figure', 'measured', 'raw baseline', 'ratio', 'target'],
      ['raw commits/s (BEGIN; INSERT; COMMIT)', fmt(raw.perSecond), '-', '-', '-'],
      [`raw JetStream publish msgs/s (${pub.inFlight} in flight, ${pub.bytes} B)`, fmt(pub.perSecond), '-', '-', '-'],
      ['diagnostic: outbox.run commits/s, no relay/consumer', fmt(outboxOnly.perSecond), fmt(raw.perSecond), pct(outboxOnly.perSecond / raw.perSecond), '-'],
      ['pipeline commits/s (producer side)', fmt(sat.committedPerSecond), fmt(raw.perSecond), pct(sat.committedPerSecond / raw.perSecond), '-'],
      ['pipeline events/s consumed in window', fmt(sat.consumedPerSecond), fmt(raw.perSecond), pct(sat.consumedPerSecond / raw.perSecond), `>= ${pct(THROUGHPUT_TARGET)}`],
      ['pipeline events/s vs raw publish', fmt(sat.consumedPerSecond), fmt(pub.perSecond), pct(sat.consumedPerSecond / pub.perSecond), '-'],
    ]);
    printTable('Commit-to-consumed latency (event time, set just before COMMIT -> consumer clock_timestamp() in handler)', [
      ['phase', 'events', 'p50 ms', 'p99 ms', 'max ms', 'drain ms', 'p99 target'],
      ...[sat, paced].map((r) => [
        r.phase, fmt(r.latency.count), fmt(r.latency.p50, 1), fmt(r.latency.p99, 1), fmt(r.latency.max, 1),
        `${fmt(r.drainMs)}${r.drained ? '' : ' (NOT drained)'}`, r === paced ? `< ${P99_TARGET_MS}` : '-',
      ]),
    ]);
    printTable('Where the time goes (batching)', [
      ['phase', 'committed', 'failed', 'relay batches', 'avg relay batch', 'consumer txs', 'avg consumer batch', 'max consumer batch'],
      ...[sat, paced].map((r) => [
        r.phase, fmt(r.committed), fmt(r.failedCommits), fmt(r.relayBatches), fmt(r.relayAvgBatch, 1),
        fmt(r.consumerBatches), fmt(r.consumerAvgBatch, 1), fmt(r.consumerMaxBatch),
      ]),
    ]);
    // Per event: cores x window / events committed in the window (raw commits: per commit).
    const cpuRows: Array<[string, CpuUse, number]> = [
      ['raw commits', raw.cpu, raw.seconds / raw.commits], ['raw publish', pub.cpu, Number.NaN],
      ['outbox.run alone', outboxOnly.cpu, outboxOnly.seconds / outboxOnly.commits],
      [sat.phase, sat.cpu, sat.windowSeconds / sat.committed], [paced.phase, paced.cpu, paced.windowSeconds / paced.committed],
    ];
    const cores = (use: CpuUse, group: string) => use.byProcess.filter((p) => p.group === group).reduce((a, p) => a + p.cores, 0);
    printTable('CPU during each load window (cores; 2 cores shared; postgres, bench = backends of this benchmark\'s databases, others = the rest of the shared server)', [
      ['phase', 'bench process', 'postgres, bench', 'postgres, others', 'nats-server', 'machine busy', 'postgres, bench, ms per event'],
      ...cpuRows.map(([name, use, secondsPerEvent]) => [
        name, fmt(cores(use, 'bench process'), 2), fmt(cores(use, BENCH_PG), 2), fmt(cores(use, 'postgres'), 2), fmt(cores(use, 'nats-server'), 2),
        pct(use.machineBusy), Number.isNaN(secondsPerEvent) ? '-' : fmt(cores(use, BENCH_PG) * secondsPerEvent * 1000, 3),
      ]),
    ]);
    printSamples(sat);
    printVerdict(raw.perSecond, sat, paced);
  } finally {
    await cleanup.runAll();
  }
}

function printSamples(r: PhaseResult): void {
  printTable(`Timeline of the ${r.phase} phase (cumulative; backlogs at each second, drain included)`, [
    ['s', 'committed', 'published', 'consumed', 'outbox backlog', 'stream backlog'],
    ...r.samples.map((s) => [String(s.second), fmt(s.committed), fmt(s.published), fmt(s.consumed), fmt(s.outboxBacklog), fmt(s.streamBacklog)]),
  ]);
}

function printVerdict(rawPerSecond: number, sat: PhaseResult, paced: PhaseResult): void {
  const ratio = sat.consumedPerSecond / rawPerSecond;
  recordResult('events', [
    { name: 'events consumed end to end (saturated)', value: sat.consumedPerSecond, unit: 'events/s', baseline: rawPerSecond, ratio, target: `>= ${pct(THROUGHPUT_TARGET)} of raw commits`, met: ratio >= THROUGHPUT_TARGET },
    { name: `commit-to-consumed p99 at ${PACED_RATE}/s`, value: paced.latency.p99, unit: 'ms', target: `< ${P99_TARGET_MS} ms`, met: paced.latency.p99 < P99_TARGET_MS },
  ]);
  const maxOutbox = Math.max(0, ...sat.samples.map((s) => s.outboxBacklog));
  const maxStream = Math.max(0, ...sat.samples.map((s) => s.streamBacklog));
  console.log('\nSummary');
  console.log(`  throughput ratio ${pct(ratio)} (target >= ${pct(THROUGHPUT_TARGET)}): ${ratio >= THROUGHPUT_TARGET ? 'met' : 'NOT met'}`);
  console.log(`  p99 at ${PACED_RATE}/s ${fmt(paced.latency.p99, 1)} ms (target < ${P99_TARGET_MS} ms): ${paced.latency.p99 < P99_TARGET_MS ? 'met' : 'NOT met'}`);
  console.log(`  saturated: max outbox backlog ${fmt(maxOutbox)} (relay behind), max stream backlog ${fmt(maxStream)} (consumer behind)`);
  if (maxStream > 2 * maxOutbox && maxStream > 1_000) console.log('  -> the consumer is the bottleneck: the stream backlog grows while the relay keeps up.');
  else if (maxOutbox > 2 * maxStream && maxOutbox > 1_000) console.log('  -> the relay is the bottleneck: the outbox backlog grows.');
  console.log('  These are figures from one run on a shared machine, not assertions.');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:events] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
