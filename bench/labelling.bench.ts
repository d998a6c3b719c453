/**
 * Labelling benchmark (`npm run bench:labelling`, after `npm run build`).
 * Pass Numérique redemptions per second through the gateway (HTTP → policy → NATS → labelling:
 * HMAC check, lieu and #APTIC checks, the conditional UPDATE, the append-only history, one
 * transaction), with 10 % double-scan attempts (answered 409 PASS.ALREADY_REDEEMED), next to a raw
 * single-row conditional UPDATE (`UPDATE … WHERE numero = $1 AND statut = 'distribue'`) on the same
 * PostgreSQL, same concurrency, same run. Settings: BENCH_SECONDS (10), BENCH_CONCURRENCY (32),
 * BENCH_PASSES (30000). Prints figures, asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Pool } from 'pg';
import { DEMO_STRUCTURES } from '@pin/contracts';
import { createTestDatabase, fetchUserTokens, startPlatform, TestNatsServer } from '@pin/testing';
import { Cleanup, envInt, fmt, pct, percentile, printTable, recordResult } from './bench-util';

const MDM = DEMO_STRUCTURES.montDeMarsan;
const FIRST = 70_000_001;

async function main(): Promise<void> {
  const seconds = envInt('BENCH_SECONDS', 10);
  const concurrency = envInt('BENCH_CONCURRENCY', 32);
  const passes = envInt('BENCH_PASSES', 30_000);
  const cleanup = new Cleanup();
  console.log(`[bench:labelling] ${seconds} s per phase, ${concurrency} in flight, ${fmt(passes)} passes, ${availableParallelism()} cores (shared by PostgreSQL, nats-server, the services and this process)`);
  try {
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const dbs = {
      directory: await createTestDatabase('bench_lab_directory', ['postgis']),
      mandates: await createTestDatabase('bench_lab_mandates'),
      training: await createTestDatabase('bench_lab_training'),
      labelling: await createTestDatabase('bench_lab_labelling'),
    };
    for (const [name, db] of Object.entries(dbs)) cleanup.add(`${name} database`, () => db.drop());
    const platform = await startPlatform({
      directoryDatabaseUrl: dbs.directory.url,
      mandatesDatabaseUrl: dbs.mandates.url,
      trainingDatabaseUrl: dbs.training.url,
      labellingDatabaseUrl: dbs.labelling.url,
      natsUrl: nats.url,
      gatewayEnv: { RATE_LIMIT_MAX: '10000000', LOG_LEVEL: 'warn' },
    });
    cleanup.add('platform', () => platform.stop());
    const api = platform.gatewayUrl + '/api/v1';
    const tokenOf = async (user: string) => (await fetchUserTokens(platform.issuer, user, { redirectUri: `${platform.gatewayUrl}/auth/callback` })).access_token;
    const call = async (token: string, path: string, body: unknown) => {
      const r = await fetch(api + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, json: (await r.json()) as Record<string, unknown> };
    };

    // Setup: a lieu of the aidant's structure holding #APTIC (the projection row as the directory's
    // events leave it), a batch through the API, its passes handed out (SQL: setup, not measured).
    const pool = new Pool({ connectionString: dbs.labelling.url, max: concurrency + 2 });
    cleanup.add('pg pool', () => pool.end());
    const lieuId = randomUUID();
    await pool.query(`INSERT INTO known_lieu (id, structure_id, statut, source_version) VALUES ($1, $2, 'actif', 1)`, [lieuId, MDM]);
    const animateur = await tokenOf('animateur');
    const aptic = await call(animateur, '/labellisation/labels-nationaux', { programmeId: 'aptic', lieuId, preuve: 'bench', depuis: '2020-01-01' });
    if (aptic.status !== 201) throw new Error(`aptic: HTTP ${aptic.status} ${JSON.stringify(aptic.json)}`);
    const year = new Date().getFullYear();
    const batch = await call(animateur, '/pass-numerique/lots', { financeur: 'Bench', premierNumero: FIRST, nombre: passes, valeurCentimes: 1000, valideJusquAu: `${year + 1}-12-31` });
    if (batch.status !== 201) throw new Error(`batch: HTTP ${batch.status} ${JSON.stringify(batch.json)}`);
    const codes = batch.json.codes as string[];
    await pool.query(`UPDATE pass SET statut = 'distribue', prescripteur_id = $1 WHERE lot_id = $2`, [MDM, batch.json.id]);
    // The raw baseline's table: the same number of rows, same PostgreSQL.
    await pool.query(`CREATE TABLE bench_raw_pass (numero bigint PRIMARY KEY, statut text NOT NULL)`);
    await pool.query(`INSERT INTO bench_raw_pass SELECT n, 'distribue' FROM generate_series(1, $1::int) n`, [passes]);
    await pool.query('VACUUM ANALYZE pass');
    await pool.query('VACUUM ANALYZE bench_raw_pass');

    const aidant = await tokenOf('aidant');
    const headers = { authorization: `Bearer ${aidant}`, 'content-type': 'application/json' };
    // Every 10th attempt scans a pass already redeemed (a double scan); the others a fresh one.
    const run = async (name: string, step: (fresh: boolean, i: number) => Promise<'ok' | 'double' | 'error'>, budget: number) => {
      let next = 0;
      let attempts = 0;
      const outcomes = { ok: 0, double: 0, error: 0 };
      const latencies: number[] = [];
      const started = Date.now();
      const deadline = started + seconds * 1000;
      let last = started;
      // Stops at the deadline or when the fresh passes run out, whichever comes first.
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (Date.now() < deadline) {
            const fresh = attempts++ % 10 !== 9 || next === 0;
            if (fresh && next >= budget) return;
            const i = fresh ? next++ : Math.floor(Math.random() * next);
            const t0 = performance.now();
            outcomes[await step(fresh, i)]++;
            latencies.push(performance.now() - t0);
            last = Date.now();
          }
        }),
      );
      const elapsed = (last - started) / 1000;
      console.log(`[bench:labelling] ${name}: ${fmt(outcomes.ok)} redeemed, ${fmt(outcomes.double)} double scans refused, ${fmt(outcomes.error)} errors`);
      return { perSecond: (outcomes.ok + outcomes.double) / elapsed, outcomes, p50: percentile(latencies, 50), p99: percentile(latencies, 99), used: next };
    };

    console.log('[bench:labelling] 1/2 raw conditional UPDATE…');
    const raw = await run('raw UPDATE', async (_fresh, i) => {
      const r = await pool.query(`UPDATE bench_raw_pass SET statut = 'scanne' WHERE numero = $1 AND statut = 'distribue'`, [i + 1]);
      return r.rowCount === 1 ? 'ok' : 'double';
    }, passes);
    console.log('[bench:labelling] 2/2 redemptions through the gateway…');
    const gateway = await run('gateway', async (_fresh, i) => {
      const r = await fetch(`${api}/pass-numerique/encaissements`, { method: 'POST', headers, body: JSON.stringify({ code: codes[i], lieuId, service: 'accompagnement-demarches' }) });
      const body = (await r.json()) as { code?: string };
      return r.status === 200 ? 'ok' : r.status === 409 && body.code === 'PASS.ALREADY_REDEEMED' ? 'double' : 'error';
    }, passes);
    const [{ n: scanned }] = (await pool.query(`SELECT count(*)::int AS n FROM pass WHERE statut = 'scanne'`)).rows as Array<{ n: number }>;
    const [{ n: moves }] = (await pool.query(`SELECT count(*)::int AS n FROM pass_mouvement WHERE vers = 'scanne'`)).rows as Array<{ n: number }>;

    printTable(`Pass redemptions, 10 % double scans (${concurrency} in flight, ${seconds} s)`, [
      ['figure', 'attempts/s', 'p50 ms', 'p99 ms', 'redeemed', 'doubles refused', 'errors', 'ratio to raw'],
      ['raw single-row conditional UPDATE (pg pool)', fmt(raw.perSecond), fmt(raw.p50, 2), fmt(raw.p99, 2), fmt(raw.outcomes.ok), fmt(raw.outcomes.double), fmt(raw.outcomes.error), '-'],
      ['POST /api/v1/pass-numerique/encaissements', fmt(gateway.perSecond), fmt(gateway.p50, 2), fmt(gateway.p99, 2), fmt(gateway.outcomes.ok), fmt(gateway.outcomes.double), fmt(gateway.outcomes.error), pct(gateway.perSecond / raw.perSecond)],
    ]);
    console.log(`[bench:labelling] ledger check: ${fmt(scanned)} passes scanned, ${fmt(moves)} scan movements (each pass redeemed once: ${scanned === gateway.outcomes.ok && moves === scanned ? 'yes' : 'NO'})`);
    recordResult('labelling', [{ name: 'pass redemptions through the gateway (10 % doubles)', value: gateway.perSecond, unit: 'attempts/s', baseline: raw.perSecond, ratio: gateway.perSecond / raw.perSecond, target: 'measured', met: gateway.outcomes.error === 0 }]);
  } finally {
    await cleanup.runAll();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
