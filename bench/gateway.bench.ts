/**
 * Gateway benchmark (`npm run bench:gateway`): an authenticated `GET /api/v1/structures/:id`
 * through the whole platform, against a bare NestJS 12 + Fastify hello route in a child process,
 * same autocannon settings, same run. Twice: as deployed (the gateway's answer cache serves repeated
 * reads until the directory's events invalidate them), then with the cache off (every request:
 * gateway -> NATS request -> directory -> PostgreSQL), each on its own fresh platform.
 * Settings: BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50). Prints figures, asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { DEMO_STRUCTURES } from '@pin/contracts';
import { createTestDatabase, fetchUserTokens, freePort, startPlatform, TestNatsServer, waitForPort } from '@pin/testing';
import { Cleanup, cpuMeter, envInt, fmt, pct, printTable, recordResult, type CpuUse } from './bench-util';

const WARMUP_SECONDS = 2;
const RATIO_TARGET = 0.25;

interface LoadResult {
  result: autocannon.Result;
  cpu: CpuUse;
}

/** A short unreported warm-up (JIT, pools, caches), then the measured run. `pids` names processes for the CPU breakdown. */
async function load(url: string, connections: number, seconds: number, pids: Record<string, number | undefined>, headers: Record<string, string> = {}): Promise<LoadResult> {
  await autocannon({ url, connections, duration: WARMUP_SECONDS, headers });
  const labels = new Map<number, string>([[process.pid, 'bench process (autocannon)']]);
  for (const [name, pid] of Object.entries(pids)) if (pid) labels.set(pid, name);
  const cpu = cpuMeter(labels);
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return { result, cpu: cpu() };
}

/** Starts bench/bare-hello.js on a free port; resolves once it accepts connections. */
async function startBareHello(cleanup: Cleanup): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(__dirname, 'bare-hello.js')], {
    env: { ...process.env, BARE_PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  cleanup.add('bare-hello process', () => stopChild(child));
  await waitForPort(port, 15_000);
  return { url: `http://127.0.0.1:${port}/hello`, child };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 10);
  const connections = envInt('BENCH_CONNECTIONS', 50);
  const cleanup = new Cleanup();
  console.log(`[bench:gateway] ${connections} connections, ${seconds} s per run (+${WARMUP_SECONDS} s warm-up), ` +
    `${availableParallelism()} cores shared by autocannon (this process) and the servers under test`);
  try {
    console.log('[bench:gateway] 1/3 bare Nest + Fastify hello (child process)...');
    const bareHello = await startBareHello(cleanup);
    const bare = await load(bareHello.url, connections, seconds, { 'bare-hello': bareHello.child.pid });
    await stopChild(bareHello.child);
    console.log('[bench:gateway] 2/3 platform as deployed (answer cache on): starting dev-idp, directory, mandates, gateway on fresh databases...');
    const gateway = await benchGateway(connections, seconds, {});
    console.log('[bench:gateway] 3/3 platform with the answer cache off (ANSWER_CACHE_MAX=0)...');
    const uncached = await benchGateway(connections, seconds, { ANSWER_CACHE_MAX: '0' });
    printResults(gateway, uncached, bare, connections, seconds);
  } finally {
    await cleanup.runAll();
  }
}

/** One platform on fresh databases, loaded, then stopped (the next phase gets the cores). */
async function benchGateway(connections: number, seconds: number, gatewayEnv: Record<string, string>): Promise<LoadResult> {
  const cleanup = new Cleanup();
  try {
    return await loadPlatform(cleanup, connections, seconds, gatewayEnv);
  } finally {
    await cleanup.runAll();
  }
}

async function loadPlatform(cleanup: Cleanup, connections: number, seconds: number, gatewayEnv: Record<string, string>): Promise<LoadResult> {
  // A private nats-server: no other suite's services can answer this platform's requests.
  const nats = await TestNatsServer.start();
  cleanup.add('nats-server', () => nats.stop());
  const directoryDb = await createTestDatabase('bench_gw_directory', ['postgis']);
  cleanup.add('directory database', () => directoryDb.drop());
  const mandatesDb = await createTestDatabase('bench_gw_mandates');
  cleanup.add('mandates database', () => mandatesDb.drop());
  const trainingDb = await createTestDatabase('bench_gw_training');
  cleanup.add('training database', () => trainingDb.drop());
  const platform = await startPlatform({
    directoryDatabaseUrl: directoryDb.url,
    mandatesDatabaseUrl: mandatesDb.url,
    trainingDatabaseUrl: trainingDb.url,
    natsUrl: nats.url,
    seedDemoData: true,
    gatewayEnv: { RATE_LIMIT_MAX: '10000000', LOG_LEVEL: 'warn', ...gatewayEnv },
  });
  cleanup.add('platform', () => platform.stop());
  const url = `${platform.gatewayUrl}/api/v1/structures/${DEMO_STRUCTURES.montDeMarsan}`;
  // Access tokens live 300 s: a fresh one right before warm-up + run (well under that).
  const { access_token: token } = await fetchUserTokens(platform.issuer, 'animateur', { redirectUri: `${platform.gatewayUrl}/auth/callback` });
  const headers = { authorization: `Bearer ${token}` };
  const probe = await fetch(url, { headers });
  const body = await probe.text();
  if (!probe.ok) throw new Error(`sanity request failed: HTTP ${probe.status} ${body.slice(0, 300)}`);
  console.log(`[bench:gateway] sanity request: HTTP ${probe.status}, ${Buffer.byteLength(body)} bytes; loading ${url}`);
  const { gateway, directory, mandates } = platform.apps;
  const pids = { gateway: gateway.child.pid, directory: directory.child.pid, mandates: mandates.child.pid };
  return load(url, connections, seconds, pids, headers);
}

function printResults(gateway: LoadResult, uncached: LoadResult, bare: LoadResult, connections: number, seconds: number): void {
  const runs = [gateway, uncached, bare];
  const [g, u, b] = runs.map((r) => r.result);
  const row = (name: string, values: number[], digits = 0, ratio = false) =>
    [name, ...values.map((v) => fmt(v, digits)), ratio ? pct(values[0] / values[2]) : '-', ratio ? pct(values[1] / values[2]) : '-', ratio ? `>= ${pct(RATIO_TARGET)}` : '-'];
  printTable(`GET structure through the gateway vs bare Nest + Fastify hello (${connections} connections, ${seconds} s)`, [
    ['figure', 'gateway (cache)', 'gateway (no cache)', 'bare hello', 'ratio (cache)', 'ratio (no cache)', 'target'],
    row('requests/s (mean)', runs.map((r) => r.result.requests.average), 0, true),
    row('latency p50 ms', [g.latency.p50, u.latency.p50, b.latency.p50], 1),
    row('latency p99 ms', [g.latency.p99, u.latency.p99, b.latency.p99], 1),
    row('latency max ms', [g.latency.max, u.latency.max, b.latency.max], 1),
    row('2xx responses', [g['2xx'], u['2xx'], b['2xx']]),
    row('non-2xx responses', [g.non2xx, u.non2xx, b.non2xx]),
    row('errors (incl. timeouts)', [g.errors, u.errors, b.errors]),
    row('autocannon process cores', runs.map((r) => r.cpu.processCores), 2),
    ['machine busy', ...runs.map((r) => pct(r.cpu.machineBusy)), '-', '-', '-'],
  ]);
  printTable('CPU by process during each measured run (cores; "node" = other node processes, e.g. dev-idp)', [
    ['process', 'gateway (cache)', 'gateway (no cache)', 'bare run'],
    ...[...new Set(runs.flatMap((r) => r.cpu.byProcess.map((p) => p.group)))].slice(0, 9).map((group) => [
      group,
      ...runs.map((r) => fmt(r.cpu.byProcess.find((p) => p.group === group)?.cores ?? 0, 2)),
    ]),
  ]);
  const ratio = g.requests.average / b.requests.average;
  const uncachedRatio = u.requests.average / b.requests.average;
  recordResult('gateway', [
    { name: 'authenticated GET by id through the gateway', value: g.requests.average, unit: 'req/s', baseline: b.requests.average, ratio, target: `>= ${pct(RATIO_TARGET)} of bare hello`, met: ratio >= RATIO_TARGET },
    { name: 'p99 latency', value: g.latency.p99, unit: 'ms', target: '-', met: true },
    { name: 'same, answer cache off (gateway -> NATS -> directory -> PostgreSQL)', value: u.requests.average, unit: 'req/s', baseline: b.requests.average, ratio: uncachedRatio, target: '-', met: true },
  ]);
  console.log(`\nSummary\n  gateway/bare throughput ${pct(ratio)} with the answer cache (target >= ${pct(RATIO_TARGET)}): ${ratio >= RATIO_TARGET ? 'met' : 'NOT met'}`);
  console.log(`  without the cache (every request reaches the directory and PostgreSQL): ${pct(uncachedRatio)}`);
  console.log('  autocannon runs in this process and shares the 2 cores with the servers under test (and, for the');
  console.log('  gateway, with dev-idp, directory, mandates, nats-server and PostgreSQL). Figures, not assertions.');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:gateway] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
