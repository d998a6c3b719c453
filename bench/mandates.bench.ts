/**
 * Mandates benchmark (`npm run bench:mandates`, after `npm run build`).
 * 1. Authorization checks per second: `pin.rpc.mandates.authorization.check` over NATS
 *    request-reply to the real mandates service (dist/, its own PostgreSQL database; every
 *    answer journaled in the hash chain), next to a raw NATS request-reply echo answered by
 *    another Node process, with the same payload and concurrency, in the same run.
 * 2. Revocation propagation, idle and under half the check load: paced revocations through the service; a consumer in another
 *    "service" (EventConsumer of @pin/messaging, own database, inbox) updates its projection;
 *    latency = projection commit (clock_timestamp) − revocation time recorded in the event
 *    (taken inside the revoking transaction, before its COMMIT: an upper bound).
 * Settings: BENCH_SECONDS (10), BENCH_CONCURRENCY (64), BENCH_USAGERS (2000),
 * BENCH_REVOCATIONS (300), BENCH_REVOCATION_RATE (30 /s). Prints figures, asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { AutorisationRevokedV1, REQUESTS, rpc, STREAMS, type AuthorizationDecision, type CloudEvent, type UserContext } from '@pin/contracts';
import { connectNats, EventConsumer, MessagingTables1763900000000 } from '@pin/messaging';
import { createTestDatabase, freePort, httpOk, nestRequest, repoRoot, startBuiltApp, TestNatsServer, withTestDataSource } from '@pin/testing';
import { Cleanup, cpuMeter, envInt, fmt, pct, percentile, printTable, recordResult, runUntil, sleep, type CpuUse } from './bench-util';
import { ECHO_SUBJECT } from './nats-echo';


const STRUCTURE = '0a1b2c3d-0000-4000-8000-0000000000b1';
const AIDANT: UserContext = { sub: 'bench-aidant-sub', username: 'bench-aidant', name: 'Aidant Banc', roles: ['aidant'], structures: [STRUCTURE] };
const CHECKS_TARGET = 5_000;
const RATIO_TARGET = 0.4;
const P99_TARGET_MS = 1_000;
const WARMUP_SECONDS = 2;

async function main(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 10);
  const concurrency = envInt('BENCH_CONCURRENCY', 64);
  const usagers = envInt('BENCH_USAGERS', 2_000);
  const revocations = Math.min(envInt('BENCH_REVOCATIONS', 300), Math.floor(usagers / 2));
  const rate = envInt('BENCH_REVOCATION_RATE', 30);
  const cleanup = new Cleanup();
  console.log(`[bench:mandates] ${seconds} s per phase, ${concurrency} requests in flight, ${usagers} usagers, ${availableParallelism()} cores (shared by PostgreSQL, nats-server, the service and this process)`);
  try {
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const db = await createTestDatabase('bench_mandates');
    cleanup.add('mandates database', () => db.drop());
    // Another service's database: the messaging tables of its inbox.
    const consumerDb = await withTestDataSource({ prefix: 'bench_mandates_consumer', migrations: [MessagingTables1763900000000], poolSize: 4 });
    cleanup.add('consumer database and pool', () => consumerDb.teardown());

    const healthPort = await freePort();
    const service = await startBuiltApp(
      'mandates',
      { NODE_ENV: 'production', LOG_LEVEL: 'warn', NATS_URL: nats.url, DATABASE_URL: db.url, HEALTH_PORT: String(healthPort), MANDATES_SCAN_EVERY_MS: '3600000' },
      () => httpOk(`http://127.0.0.1:${healthPort}/health/ready`),
    );
    cleanup.add('mandates service', () => service.stop());
    const echo = await startEcho(nats.url);
    cleanup.add('echo responder', async () => echo.kill('SIGTERM'));

    const seeded = await seed(db.url, usagers);
    console.log(`[bench:mandates] seeded ${fmt(seeded.mandats.length)} mandates (2 démarches each), 1 habilitated aidant`);
    const nc = await connectNats({ url: nats.url, name: 'bench-mandates' });
    cleanup.add('nats connection', () => nc.close());
    const labels = new Map<number, string>([[process.pid, 'bench process'], [service.child.pid!, 'mandates service'], [echo.pid!, 'echo responder']]);

    // A check request as another service would send it; the echo gets the same bytes.
    let n = 0;
    const nextCheck = () => {
      const i = n++ % seeded.usagerIds.length;
      // 80 % allowed (social), 20 % denied (no mandate for papiers).
      return rpc({ body: { aidantSub: AIDANT.sub, structureId: STRUCTURE, usagerId: seeded.usagerIds[i], demarche: i % 5 === 0 ? 'papiers' : 'social' } });
    };
    const sample = await nestRequest<AuthorizationDecision>(nc, REQUESTS.mandates.authorizationCheck, nextCheck());
    const echoPayload = JSON.stringify({ pattern: REQUESTS.mandates.authorizationCheck, data: nextCheck(), id: randomUUID() });
    console.log(`[bench:mandates] sample answer ${JSON.stringify(sample)}; request ${Buffer.byteLength(echoPayload)} bytes`);

    console.log('[bench:mandates] 1/4 raw NATS request-reply echo...');
    const raw = await measure(concurrency, seconds, labels, () => nc.request(ECHO_SUBJECT, echoPayload, { timeout: 5_000 }).then(() => undefined));
    console.log('[bench:mandates] 2/4 authorization checks...');
    let allowed = 0;
    const [{ n: journalBefore }] = await query(db.url, `SELECT count(*)::int AS n FROM journal_entry`);
    const checks = await measure(concurrency, seconds, labels, async () => {
      const r = await nestRequest<AuthorizationDecision>(nc, REQUESTS.mandates.authorizationCheck, nextCheck());
      if (r.allowed) allowed++;
    }, () => {
      allowed = 0;
    });
    const [{ n: journalAfter, batches }] = await query(db.url, `SELECT count(*)::int AS n, count(DISTINCT recorded_at)::int AS batches FROM journal_entry WHERE seq > $1`, [journalBefore]);
    const verified = await query(db.url, `SELECT count(*)::int AS n FROM journal_entry`);

    const projection = await startProjection(nc, consumerDb.ds, cleanup);
    console.log(`[bench:mandates] 3/4 revocation propagation: ${revocations} revocations at ${rate}/s...`);
    const propagation = await measurePropagation(nc, projection, seeded.mandats.slice(0, revocations), rate);
    console.log(`[bench:mandates] 4/4 the same while ${concurrency / 2} checks stay in flight...`);
    let loaded = true;
    let background = 0;
    const load = Promise.all(
      Array.from({ length: Math.max(1, concurrency / 2) }, async () => {
        while (loaded) {
          await nestRequest(nc, REQUESTS.mandates.authorizationCheck, nextCheck());
          background++;
        }
      }),
    );
    const loadStart = Date.now();
    const underLoad = await measurePropagation(nc, projection, seeded.mandats.slice(revocations, 2 * revocations), rate);
    loaded = false;
    await load;
    const backgroundRate = background / ((Date.now() - loadStart) / 1000);

    printTable('Authorization checks over NATS request-reply (same run, same payload, same concurrency)', [
      ['figure', 'requests/s', 'p50 ms', 'p99 ms', 'ratio to raw', 'target'],
      ['raw NATS request-reply echo (separate Node process)', fmt(raw.perSecond), fmt(raw.p50, 2), fmt(raw.p99, 2), '-', '-'],
      [`${REQUESTS.mandates.authorizationCheck} (journaled)`, fmt(checks.perSecond), fmt(checks.p50, 2), fmt(checks.p99, 2), pct(checks.perSecond / raw.perSecond), `>= ${fmt(CHECKS_TARGET)}/s and >= ${pct(RATIO_TARGET)}`],
    ]);
    printTable('Journal during the check phase', [
      ['figure', 'value'],
      ['checks answered', fmt(checks.count)],
      ['of which allowed (80 % expected)', fmt(allowed)],
      ['journal entries written (includes warm-up)', fmt(journalAfter)],
      ['group-commit transactions (distinct recorded_at)', fmt(batches)],
      ['avg entries per transaction', fmt(journalAfter / Math.max(1, batches), 1)],
      ['journal total entries', fmt(verified[0].n)],
    ]);
    printTable('Revocation propagation: revocation (in the revoking transaction) -> projection commit in another consumer', [
      ['phase', 'revocations', 'seen', 'p50 ms', 'p99 ms', 'max ms', 'p99 target'],
      ...([['idle', propagation], [`under ${fmt(backgroundRate)} checks/s`, underLoad]] as const).map(([phase, r]) => [
        phase, fmt(r.sent), fmt(r.latencies.length), fmt(percentile(r.latencies, 50), 1), fmt(percentile(r.latencies, 99), 1), fmt(Math.max(...r.latencies), 1), `< ${P99_TARGET_MS}`,
      ]),
    ]);
    const cores = (use: CpuUse, group: string) => fmt(use.byProcess.find((p) => p.group === group)?.cores ?? 0, 2);
    printTable('CPU during each load window (cores; 2 cores shared)', [
      ['phase', 'bench process', 'mandates service', 'echo responder', 'postgres', 'nats-server', 'machine busy'],
      ...([['raw echo', raw.cpu], ['checks', checks.cpu]] as Array<[string, CpuUse]>).map(([name, use]) => [
        name, cores(use, 'bench process'), cores(use, 'mandates service'), cores(use, 'echo responder'), cores(use, 'postgres'), cores(use, 'nats-server'), pct(use.machineBusy),
      ]),
    ]);
    const ok = (b: boolean) => (b ? 'met' : 'NOT met');
    const checkRatio = checks.perSecond / raw.perSecond;
    recordResult('mandates', [
      { name: 'authorization checks (journaled)', value: checks.perSecond, unit: 'checks/s', baseline: raw.perSecond, ratio: checkRatio, target: `>= ${fmt(CHECKS_TARGET)}/s and >= ${pct(RATIO_TARGET)} of raw echo`, met: checks.perSecond >= CHECKS_TARGET && checkRatio >= RATIO_TARGET },
      { name: 'revocation propagation p99 under load', value: percentile(underLoad.latencies, 99), unit: 'ms', target: `< ${P99_TARGET_MS} ms`, met: percentile(underLoad.latencies, 99) < P99_TARGET_MS },
    ]);
    console.log(`\nVerdict: checks ${fmt(checks.perSecond)}/s (target ${fmt(CHECKS_TARGET)}: ${ok(checks.perSecond >= CHECKS_TARGET)}), ` +
      `${pct(checks.perSecond / raw.perSecond)} of raw (target ${pct(RATIO_TARGET)}: ${ok(checks.perSecond / raw.perSecond >= RATIO_TARGET)}), ` +
      `propagation p99 ${fmt(percentile(propagation.latencies, 99), 1)} ms idle, ${fmt(percentile(underLoad.latencies, 99), 1)} ms under load (target < ${P99_TARGET_MS} ms: ${ok(Math.max(percentile(propagation.latencies, 99), percentile(underLoad.latencies, 99)) < P99_TARGET_MS)})`);
  } finally {
    await cleanup.runAll();
  }
}

interface Measured {
  perSecond: number;
  count: number;
  p50: number;
  p99: number;
  cpu: CpuUse;
}

async function measure(concurrency: number, seconds: number, labels: Map<number, string>, step: () => Promise<void>, afterWarmup: () => void = () => undefined): Promise<Measured> {
  await runUntil(concurrency, Date.now() + WARMUP_SECONDS * 1000, step);
  afterWarmup();
  const latencies: number[] = [];
  const meter = cpuMeter(labels);
  const start = performance.now();
  const count = await runUntil(concurrency, Date.now() + seconds * 1000, async () => {
    const t = performance.now();
    await step();
    if (latencies.length < 200_000) latencies.push(performance.now() - t);
  });
  const elapsed = (performance.now() - start) / 1000;
  const cpu = meter();
  return { perSecond: count / elapsed, count, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu };
}

async function startEcho(natsUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(repoRoot(), 'dist/bench/nats-echo.js')], { env: { ...process.env, NATS_URL: natsUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`echo responder exited (${code})`)));
    child.stdout!.once('data', () => ok());
  });
  return child;
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Usagers with one 1-year mandate each (social + logement) and the aidant's habilitation, in bulk SQL. */
async function seed(url: string, usagers: number): Promise<{ usagerIds: string[]; mandats: string[] }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(
      `INSERT INTO habilitation (id, structure_id, aidant_username, aidant_sub, aidant_nom, statut, charte_signee_le, formation_suivie_le, demandee_le, demandee_par, decidee_le, decidee_par)
       VALUES (gen_random_uuid(), $1, $2, $3, 'Aidant Banc', 'accordee', now(), now(), now(), 'bench', now(), 'bench')`,
      [STRUCTURE, AIDANT.username, AIDANT.sub],
    );
    await c.query(
      `INSERT INTO usager (id, nom, prenoms, date_naissance, lieu_naissance, identity_key, identite_verifiee_par, identite_verifiee_le)
       SELECT gen_random_uuid(), 'Usager' || i, 'Banc', date '1960-01-01' + i, 'Dax', 'usager' || i, $1, now() FROM generate_series(1, $2) i`,
      [AIDANT.sub, usagers],
    );
    await c.query(`INSERT INTO usager_structure (usager_id, structure_id) SELECT id, $1 FROM usager`, [STRUCTURE]);
    await c.query(
      `INSERT INTO mandat (id, usager_id, structure_id, cree_par_sub, cree_par_username, cree_par_nom, debut, fin, duree_jours, consentement_le, verification_token)
       SELECT gen_random_uuid(), id, $1, $2, $3, 'Aidant Banc', now() - interval '1 day', now() + interval '364 days', 365, now(), substr(md5(random()::text || id::text), 1, 22) FROM usager`,
      [STRUCTURE, AIDANT.sub, AIDANT.username],
    );
    await c.query(
      `INSERT INTO autorisation (id, mandat_id, usager_id, structure_id, demarche, debut, fin)
       SELECT gen_random_uuid(), m.id, m.usager_id, m.structure_id, d, m.debut, m.fin FROM mandat m CROSS JOIN unnest(ARRAY['social', 'logement']) d`,
    );
    await c.query('COMMIT');
    await c.query('ANALYZE');
    const rows = (await c.query(`SELECT id, usager_id FROM mandat ORDER BY random()`)).rows as Array<{ id: string; usager_id: string }>;
    return { usagerIds: rows.map((r) => r.usager_id), mandats: rows.map((r) => r.id) };
  } finally {
    await c.end();
  }
}

/** Another service's projection of revocations, fed by the mandates stream through @pin/messaging. */
async function startProjection(nc: Awaited<ReturnType<typeof connectNats>>, ds: DataSource, cleanup: Cleanup) {
  await ds.query(`CREATE TABLE revoked_projection (autorisation_id uuid PRIMARY KEY, revoque_le timestamptz NOT NULL, seen_at timestamptz NOT NULL)`);
  const consumer = new EventConsumer(nc, ds, {
    durable: 'bench-revocations',
    stream: STREAMS.mandates.name,
    filterSubject: AutorisationRevokedV1.type,
    handlers: [
      {
        event: AutorisationRevokedV1,
        handle: async (e: CloudEvent<{ autorisationId: string; revoqueLe: string }>, m: EntityManager) => {
          await m.query(`INSERT INTO revoked_projection VALUES ($1, $2, clock_timestamp()) ON CONFLICT DO NOTHING`, [e.data.autorisationId, e.data.revoqueLe]);
        },
      },
    ],
  });
  await consumer.start();
  cleanup.add('consumer', () => consumer.stop());
  return ds;
}

/** Paced revocations of one démarche each; latencies of this phase's rows once all are projected. */
async function measurePropagation(nc: Awaited<ReturnType<typeof connectNats>>, projection: DataSource, mandats: string[], rate: number) {
  const [{ before }] = await projection.query(`SELECT count(*)::int AS before FROM revoked_projection`);
  const phaseStart = new Date();
  const interval = 1000 / rate;
  const start = Date.now();
  let sent = 0;
  for (const id of mandats) {
    const due = start + sent * interval;
    if (due > Date.now()) await sleep(due - Date.now());
    await nestRequest(nc, REQUESTS.mandates.mandatRevoke, rpc({ params: { id }, structureId: STRUCTURE, body: { demarches: ['logement'] } }), { user: AIDANT });
    sent++;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [{ seen }] = await projection.query(`SELECT count(*)::int AS seen FROM revoked_projection`);
    if (seen - before >= sent) break;
    await sleep(100);
  }
  const rows = (await projection.query(`SELECT extract(epoch FROM (seen_at - revoque_le)) * 1000 AS ms FROM revoked_projection WHERE revoque_le >= $1`, [phaseStart])) as Array<{ ms: string }>;
  return { sent, latencies: rows.map((r) => Number(r.ms)) };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
