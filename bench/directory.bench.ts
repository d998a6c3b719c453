/**
 * Directory search benchmark (`npm run bench:directory`, after `npm run build`): 20,000 lieux
 * synthesised from the shapes of the real fixture (its horaires strings and their frequencies,
 * its number of services per lieu), spread over mainland France (75 % around 40 cities, 25 %
 * scattered). Query: nearest 20 + open now + two filters (services, démarches), public
 * `GET /api/v1/lieux` through the real gateway (→ NATS → directory snapshot), against the same
 * query as raw SQL on PostgreSQL/PostGIS (GiST KNN on geography + array filters + a
 * precomputed `tstzmultirange` of open intervals), in the same run.
 * Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (50), BENCH_LIEUX (20000), BENCH_SAMPLES (400).
 * Prints figures, asserts nothing.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import OpeningHours from 'opening_hours';
import { Client, Pool } from 'pg';
import { SERVICES } from '@pin/contracts';
import { createTestDatabase, repoRoot, startPlatform, TestNatsServer } from '@pin/testing';
import { Cleanup, cpuMeter, envInt, fmt, pct, percentile, printTable, recordResult, runUntil, sleep, type CpuUse } from './bench-util';

const WARMUP_SECONDS = 2;
const FIXTURE = resolve(repoRoot(), 'apps/directory/data/hinaura-687-lieux-v0.1.json');
/** City centres (lon, lat, INSEE code) the synthetic lieux cluster around. */
const CITIES: Array<[number, number, string]> = [
  [2.3522, 48.8566, '75056'], [4.8357, 45.764, '69123'], [5.3698, 43.2965, '13055'], [1.4442, 43.6047, '31555'], [7.262, 43.7102, '06088'],
  [-1.5536, 47.2184, '44109'], [7.7521, 48.5734, '67482'], [3.8767, 43.6108, '34172'], [-0.5792, 44.8378, '33063'], [3.0573, 50.6292, '59350'],
  [-1.6778, 48.1173, '35238'], [4.0317, 49.2583, '51454'], [4.3872, 45.4397, '42218'], [5.9304, 43.1242, '83137'], [0.1079, 49.4944, '76351'],
  [5.7245, 45.1885, '38185'], [5.0415, 47.322, '21231'], [-0.5632, 47.4784, '49007'], [4.3601, 43.8367, '30189'], [3.087, 45.7772, '63113'],
  [0.6848, 47.3941, '37261'], [1.9093, 47.9029, '45234'], [6.1757, 49.1193, '57463'], [6.0241, 47.238, '25056'], [-4.4861, 48.3904, '29019'],
  [2.2957, 49.8941, '80021'], [1.0993, 49.4432, '76540'], [0.3404, 46.5802, '86194'], [-0.5, 43.8902, '40192'], [-1.0531, 43.7102, '40088'],
  [-1.4748, 43.4832, '64102'], [2.8948, 42.6887, '66136'], [6.8628, 47.6373, '90010'], [7.3359, 47.7508, '68224'], [1.2611, 45.8336, '87085'],
  [-0.3707, 49.1829, '14118'], [4.8055, 43.9493, '84007'], [2.3488, 48.6903, '91479'], [-2.7603, 47.6582, '56260'], [0.1996, 48.0061, '72181'],
];
const BENCH_DEMARCHES_FALLBACK = ['caf', 'impots', 'carte-grise', 'france-travail'];

interface FixtureLieu {
  horaires?: string;
  services?: string;
}

/** Deterministic pseudo-random numbers (same data every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SynthLieu {
  id: string;
  nom: string;
  lon: number;
  lat: number;
  codeInsee: string;
  horaires: string | null;
  services: string[];
  demarches: string[];
  frais: string[];
}

function synthesise(count: number, demarches: string[]): SynthLieu[] {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureLieu[];
  const rand = rng(20_000);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const out: SynthLieu[] = [];
  for (let i = 0; i < count; i++) {
    const shape = fixture[i % fixture.length];
    const [cLon, cLat, insee] = pick(CITIES);
    const clustered = rand() < 0.75;
    const spreadDeg = clustered ? 0.08 : 0.9;
    const lat = Math.min(51, Math.max(42.4, cLat + gauss() * spreadDeg));
    const lon = Math.min(8.2, Math.max(-4.7, cLon + (gauss() * spreadDeg) / Math.cos((cLat * Math.PI) / 180)));
    const nServices = Math.max(1, Math.min(SERVICES.slugs.length, (shape.services ?? '').split(';').filter(Boolean).length));
    const services = [...new Set(Array.from({ length: nServices }, () => pick(SERVICES.slugs)))];
    const dem = [...new Set(Array.from({ length: Math.floor(rand() * 5) }, () => pick(demarches)))];
    const r = rand();
    out.push({
      id: `${hex(rand)}-${hex(rand).slice(0, 4)}-4${hex(rand).slice(0, 3)}-8${hex(rand).slice(0, 3)}-${hex(rand)}${hex(rand).slice(0, 4)}`,
      nom: `${pick(['Médiathèque', 'France Services', 'Espace numérique', 'Centre social', 'Mairie', 'Tiers-lieu', 'EPN'])} ${i}`,
      lon, lat, codeInsee: insee, horaires: shape.horaires ?? null, services, demarches: dem,
      frais: r < 0.7 ? ['gratuit'] : r < 0.9 ? ['gratuit-sous-condition'] : ['payant'],
    });
  }
  return out;
}

function hex(rand: () => number): string {
  return Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0');
}

async function insertLieux(url: string, lieux: SynthLieu[]): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    for (let i = 0; i < lieux.length; i += 2_000) {
      const chunk = lieux.slice(i, i + 2_000);
      await c.query(
        `INSERT INTO lieu (id, source, source_id, nom, adresse, commune, code_postal, code_insee, location, horaires, services, demarches, frais_a_charge, date_maj, flags)
         SELECT x.id, 'bench', x.id::text, x.nom, '1 place de la Mairie', 'Commune', '00000', x.insee,
                ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)::geography, x.horaires,
                string_to_array(x.services, ','), coalesce(string_to_array(nullif(x.demarches, ''), ','), '{}'), string_to_array(x.frais, ','),
                current_date, '{demo}'
           FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
                AS x(id, nom, lon, lat, insee, horaires, services, demarches, frais)`,
        [
          chunk.map((l) => l.id), chunk.map((l) => l.nom), chunk.map((l) => l.lon), chunk.map((l) => l.lat), chunk.map((l) => l.codeInsee),
          chunk.map((l) => l.horaires), chunk.map((l) => l.services.join(',')), chunk.map((l) => l.demarches.join(',')), chunk.map((l) => l.frais.join(',')),
        ],
      );
    }
  } finally {
    await c.end();
  }
}

const STATES: Record<string, string> = { '57': 'Moselle', '67': 'Bas-Rhin', '68': 'Haut-Rhin' };

/**
 * Open intervals of the next days, evaluated like the directory does (opening_hours, country 'fr',
 * département as state, process in Europe/Paris — set by main() before any evaluation).
 */
function openIntervals(text: string, l: SynthLieu, cache: Map<string, string | null>): string | null {
  const state = STATES[l.codeInsee.slice(0, 2)] ?? '';
  const key = `${state}|${text}`;
  if (cache.has(key)) return cache.get(key)!;
  let ranges: string | null = null;
  try {
    const oh = new OpeningHours(text, { lat: String(l.lat), lon: String(l.lon), address: { country_code: 'fr', state } } as never, { mode: 0 } as never);
    const from = new Date(Date.now() - 86_400_000);
    const to = new Date(Date.now() + 3 * 86_400_000);
    ranges = `{${oh.getOpenIntervals(from, to).filter(([, , unknown]) => !unknown).map(([a, b]) => `[${a.toISOString()},${b.toISOString()})`).join(',')}}`;
  } catch {
    ranges = null; // unreadable horaires: never open, as in the directory
  }
  cache.set(key, ranges);
  return ranges;
}

/** The SQL baseline's "open now": the same open intervals, as a tstzmultirange column. */
async function addOpenColumn(url: string, lieux: SynthLieu[]): Promise<void> {
  const cache = new Map<string, string | null>();
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('ALTER TABLE lieu ADD COLUMN IF NOT EXISTS bench_open tstzmultirange');
    const ids: string[] = [];
    const ranges: string[] = [];
    for (const l of lieux) {
      const r = l.horaires ? openIntervals(l.horaires, l, cache) : null;
      if (r === null) continue;
      ids.push(l.id);
      ranges.push(r);
    }
    await c.query(
      `UPDATE lieu SET bench_open = x.r::tstzmultirange FROM unnest($1::uuid[], $2::text[]) AS x(id, r) WHERE lieu.id = x.id`,
      [ids, ranges],
    );
    await c.query('VACUUM ANALYZE lieu');
  } finally {
    await c.end();
  }
}

const RAW_SQL = `
  SELECT id, nom, adresse, commune, code_postal, ST_Y(location::geometry) AS latitude, ST_X(location::geometry) AS longitude,
         services, demarches, flags, ST_Distance(location, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS distance_m
    FROM lieu
   WHERE statut = 'actif' AND services && $3::text[] AND demarches && $4::text[] AND bench_open @> $5::timestamptz
   ORDER BY location <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography
   LIMIT 20`;

interface Stats {
  perSecond: number;
  mean: number;
  p50: number;
  p99: number;
}

function stats(samples: number[], seconds: number): Stats {
  return {
    perSecond: samples.length / seconds,
    mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
  };
}

async function main(): Promise<void> {
  // opening_hours reads local time: evaluate in Paris, like the directory process.
  process.env.TZ = 'Europe/Paris';
  if (Intl.DateTimeFormat().resolvedOptions().timeZone !== 'Europe/Paris') throw new Error('cannot switch the time zone to Europe/Paris');
  const seconds = envInt('BENCH_SECONDS', 10);
  const connections = envInt('BENCH_CONNECTIONS', 50);
  const count = envInt('BENCH_LIEUX', 20_000);
  const samples = envInt('BENCH_SAMPLES', 400);
  const cleanup = new Cleanup();
  console.log(`[bench:directory] ${count} lieux, ${connections} connections, ${seconds} s per run (+${WARMUP_SECONDS} s warm-up), `
    + `${availableParallelism()} cores shared by autocannon (this process), the platform, nats-server and PostgreSQL`);
  try {
    const nats = await TestNatsServer.start();
    cleanup.add('nats-server', () => nats.stop());
    const directoryDb = await createTestDatabase('bench_dir_directory', ['postgis']);
    cleanup.add('directory database', () => directoryDb.drop());
    const mandatesDb = await createTestDatabase('bench_dir_mandates');
    cleanup.add('mandates database', () => mandatesDb.drop());
    const trainingDb = await createTestDatabase('bench_dir_training');
    cleanup.add('training database', () => trainingDb.drop());
    console.log('[bench:directory] starting dev-idp, directory, mandates, gateway on fresh databases...');
    const platform = await startPlatform({
      directoryDatabaseUrl: directoryDb.url, mandatesDatabaseUrl: mandatesDb.url, trainingDatabaseUrl: trainingDb.url, natsUrl: nats.url,
      gatewayEnv: { RATE_LIMIT_MAX: '10000000', LOG_LEVEL: 'warn' },
    });
    cleanup.add('platform', () => platform.stop());

    const admin = new Client({ connectionString: directoryDb.url });
    await admin.connect();
    const catalogue = (await admin.query<{ slug: string }>('SELECT slug FROM demarche ORDER BY slug')).rows.map((r) => r.slug);
    await admin.end();
    const demarches = catalogue.length >= 4 ? catalogue : BENCH_DEMARCHES_FALLBACK;
    const lieux = synthesise(count, demarches);
    let t = performance.now();
    await insertLieux(directoryDb.url, lieux);
    await addOpenColumn(directoryDb.url, lieux);
    console.log(`[bench:directory] ${count} lieux inserted and open intervals stored for the SQL baseline in ${Math.round(performance.now() - t)} ms`);

    // Two filters: a common service and a common démarche.
    const service = 'aide-demarches-administratives';
    const demarche = demarches[0];
    const points = CITIES.slice(0, 16).map(([lon, lat]) => [lon + 0.013, lat - 0.007]);
    const path = ([lon, lat]: number[]) => `/api/v1/lieux?lat=${lat}&lon=${lon}&ouvert=maintenant&services=${service}&demarches=${demarche}&pageSize=20`;
    t = performance.now();
    for (;;) {
      const r = await fetch(`${platform.gatewayUrl}/api/v1/lieux?pageSize=1`);
      const body = (await r.json()) as { total?: number };
      if (body.total === count) break;
      if (performance.now() - t > 60_000) throw new Error(`the directory snapshot did not reach ${count} lieux: ${JSON.stringify(body).slice(0, 200)}`);
      await sleep(100);
    }
    console.log(`[bench:directory] snapshot holds the ${count} lieux ${Math.round(performance.now() - t)} ms after the inserts`);

    // Same answers? (ids and distances of the first page, service vs SQL, at the same minute)
    const pool = new Pool({ connectionString: directoryDb.url, max: 16, idleTimeoutMillis: 0 });
    cleanup.add('pg pool', () => pool.end());
    let same = 0;
    let sameSet = 0;
    let openShare = 0;
    for (const p of points) {
      const now = new Date();
      const api = (await (await fetch(`${platform.gatewayUrl}${path(p)}`)).json()) as { items: Array<{ id: string }>; total: number };
      const sql = await pool.query(RAW_SQL, [p[0], p[1], [service], [demarche], now]);
      // PostGIS orders `<->` on the sphere; re-sorted by its own ellipsoidal ST_Distance it must match the service.
      const sqlByDistance = [...sql.rows].sort((a, b) => a.distance_m - b.distance_m || (a.id < b.id ? -1 : 1));
      if (api.items.map((x) => x.id).join() === sqlByDistance.map((x) => x.id).join()) same++;
      if ([...api.items.map((x) => x.id)].sort().join() === sql.rows.map((x) => x.id).sort().join()) sameSet++;
      openShare += api.total / count / points.length;
    }
    console.log(`[bench:directory] first page vs SQL: same ids in ${sameSet}/${points.length} points, same order (by ellipsoidal distance) in ${same}/${points.length}; `
      + `${pct(openShare)} of lieux match "open now + ${service} + ${demarche}"`);

    // 1. Throughput through the gateway.
    const requests = points.map((p) => ({ method: 'GET' as const, path: path(p) }));
    const target = platform.gatewayUrl;
    await autocannon({ url: target, connections, duration: WARMUP_SECONDS, requests });
    const { gateway, directory, mandates } = platform.apps;
    const labels = new Map<number, string>([[process.pid, 'bench process (autocannon)']]);
    for (const [name, pid] of Object.entries({ gateway: gateway.child.pid, directory: directory.child.pid, mandates: mandates.child.pid })) if (pid) labels.set(pid, name);
    let cpu = cpuMeter(labels);
    const http = await autocannon({ url: target, connections, duration: seconds, requests });
    const httpCpu: CpuUse = cpu();

    // 2. Raw SQL throughput, 16 pooled connections, same queries.
    let k = 0;
    const sqlLatencies: number[] = [];
    await runUntil(16, Date.now() + WARMUP_SECONDS * 1_000, async () => {
      const p = points[k++ % points.length];
      await pool.query(RAW_SQL, [p[0], p[1], [service], [demarche], new Date()]);
    });
    cpu = cpuMeter(labels);
    const sqlStart = performance.now();
    await runUntil(16, Date.now() + seconds * 1_000, async () => {
      const p = points[k++ % points.length];
      const t0 = performance.now();
      await pool.query(RAW_SQL, [p[0], p[1], [service], [demarche], new Date()]);
      sqlLatencies.push(performance.now() - t0);
    });
    const sqlSeconds = (performance.now() - sqlStart) / 1_000;
    const sqlCpu = cpu();

    // 3. One request at a time: the directory's own time (Server-Timing) vs one raw SQL query.
    const serviceSide: number[] = [];
    const endToEnd: number[] = [];
    const sqlAlone: number[] = [];
    for (let i = 0; i < samples; i++) {
      const p = points[i % points.length];
      let t0 = performance.now();
      const res = await fetch(`${platform.gatewayUrl}${path(p)}`);
      await res.arrayBuffer();
      endToEnd.push(performance.now() - t0);
      const dur = /dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
      if (dur) serviceSide.push(Number(dur));
      t0 = performance.now();
      await pool.query(RAW_SQL, [p[0], p[1], [service], [demarche], new Date()]);
      sqlAlone.push(performance.now() - t0);
    }
    const s = stats(serviceSide, 1);
    const q = stats(sqlAlone, 1);
    const e = stats(endToEnd, 1);
    const sqlLoad = stats(sqlLatencies, sqlSeconds);

    printTable(`Nearest 20 + open now + 2 filters (${count} lieux): through the gateway vs raw SQL (same run)`, [
      ['figure', 'gateway (HTTP)', 'raw SQL (pg, 16 conns)', 'target'],
      ['requests/s (mean)', fmt(http.requests.average), fmt(sqlLoad.perSecond), '>= 1,000 (gateway)'],
      ['latency p50 ms', fmt(http.latency.p50, 1), fmt(sqlLoad.p50, 2), '-'],
      ['latency p99 ms', fmt(http.latency.p99, 1), fmt(sqlLoad.p99, 2), '-'],
      ['2xx / non-2xx / errors', `${http['2xx']} / ${http.non2xx} / ${http.errors}`, '-', '-'],
      ['machine busy', pct(httpCpu.machineBusy), pct(sqlCpu.machineBusy), '-'],
    ]);
    printTable(`One request at a time (${samples} samples): service-side time vs the raw SQL query`, [
      ['figure', 'directory search (Server-Timing)', 'raw SQL query (client-side)', 'ratio', 'gateway end-to-end'],
      ['mean ms', fmt(s.mean, 3), fmt(q.mean, 3), pct(s.mean / q.mean), fmt(e.mean, 2)],
      ['p50 ms', fmt(s.p50, 3), fmt(q.p50, 3), pct(s.p50 / q.p50), fmt(e.p50, 2)],
      ['p99 ms', fmt(s.p99, 3), fmt(q.p99, 3), pct(s.p99 / q.p99), fmt(e.p99, 2)],
    ]);
    printTable('CPU by process during the gateway run (cores)', [
      ['process', 'cores'],
      ...httpCpu.byProcess.slice(0, 8).map((p) => [p.group, fmt(p.cores, 2)]),
    ]);
    const throughputMet = http.requests.average >= 1_000;
    const ratio = s.mean / q.mean;
    recordResult('directory', [
      { name: 'public search through the gateway (nearest 20 + open now + 2 filters)', value: http.requests.average, unit: 'req/s', target: '>= 1,000 req/s', met: throughputMet },
      { name: 'service-side search time vs raw SQL', value: s.mean, unit: 'ms', baseline: q.mean, ratio, target: '<= 2x raw SQL', met: ratio <= 2 },
    ]);
    console.log('\nSummary');
    console.log(`  gateway ${fmt(http.requests.average)} req/s (target >= 1,000): ${throughputMet ? 'met' : 'NOT met'}; p99 ${fmt(http.latency.p99, 1)} ms`);
    console.log(`  service-side time ${fmt(s.mean, 3)} ms vs raw SQL ${fmt(q.mean, 3)} ms = ${fmt(ratio, 2)}x (target <= 2x): ${ratio <= 2 ? 'met' : 'NOT met'}`);
    console.log('  autocannon runs in this process and shares the 2 cores with the servers under test. Figures, not assertions.');
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('[bench:directory] failed:', err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
