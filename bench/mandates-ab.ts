/**
 * `node dist/bench/mandates-ab.js <other dist>` (~35 s): the mandate check's pipeline (batched
 * read + journal group commit, `AuthorizationService.check` as the NATS responder calls it), A/B
 * between this build and another build of the repository (e.g. a copy of an older commit built with
 * tools/build.sh), in one process on one database, in turns of BENCH_WINDOW_MS (2,000) for
 * BENCH_ROUNDS (6) rounds after a warm-up, so that the machine's drift hits both alike. NATS is
 * left out: on a shared 2-core machine single runs of `bench:mandates` swing too much to compare
 * two builds. Prints checks/s per round and the per-round ratio; the journal is verified at the end.
 */
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { withTestDataSource } from '@pin/testing';
import { envInt, fmt, runUntil } from './bench-util';

const STRUCTURE = '0a1b2c3d-0000-4000-8000-0000000000b1';
const SUB = 'bench-aidant-sub';

interface Checker {
  check(input: unknown): Promise<unknown>;
}
interface Journal {
  verify(): Promise<unknown>;
}

/** The service classes of one build, constructed the way Nest would (same pool for both builds). */
function load(dist: string, ds: DataSource): Checker & { journal: Journal } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { JournalService } = require(resolve(dist, 'apps/mandates/src/journal/journal.service.js')) as { JournalService: new (ds: DataSource) => Journal };
  const { AuthorizationService } = require(resolve(dist, 'apps/mandates/src/authorization/authorization.service.js')) as {
    AuthorizationService: new (ds: DataSource, j: unknown) => Checker;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const journal = new JournalService(ds);
  const service = new AuthorizationService(ds, journal);
  return { check: (input) => service.check(input), journal };
}

async function seed(ds: DataSource, usagers: number): Promise<string[]> {
  await ds.query(
    `INSERT INTO habilitation (id, structure_id, aidant_username, aidant_sub, aidant_nom, statut, charte_signee_le, formation_suivie_le, demandee_le, demandee_par, decidee_le, decidee_par)
     VALUES (gen_random_uuid(), $1, 'bench-aidant', $2, 'Aidant Banc', 'accordee', now(), now(), now(), 'bench', now(), 'bench')`,
    [STRUCTURE, SUB],
  );
  await ds.query(
    `INSERT INTO usager (id, nom, prenoms, date_naissance, lieu_naissance, identity_key, identite_verifiee_par, identite_verifiee_le)
     SELECT gen_random_uuid(), 'Usager' || i, 'Banc', date '1960-01-01' + i, 'Dax', 'usager' || i, $1, now() FROM generate_series(1, $2) i`,
    [SUB, usagers],
  );
  await ds.query(
    `INSERT INTO mandat (id, usager_id, structure_id, cree_par_sub, cree_par_username, cree_par_nom, debut, fin, duree_jours, consentement_le, verification_token)
     SELECT gen_random_uuid(), id, $1, $2, 'bench-aidant', 'Aidant Banc', now() - interval '1 day', now() + interval '364 days', 365, now(), substr(md5(random()::text || id::text), 1, 22) FROM usager`,
    [STRUCTURE, SUB],
  );
  await ds.query(
    `INSERT INTO autorisation (id, mandat_id, usager_id, structure_id, demarche, debut, fin)
     SELECT gen_random_uuid(), m.id, m.usager_id, m.structure_id, d, m.debut, m.fin FROM mandat m CROSS JOIN unnest(ARRAY['social', 'logement']) d`,
  );
  await ds.query('ANALYZE');
  return ((await ds.query(`SELECT id FROM usager ORDER BY random()`)) as Array<{ id: string }>).map((r) => r.id);
}

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: node dist/bench/mandates-ab.js <dist directory of the other build>');
  const concurrency = envInt('BENCH_CONCURRENCY', 64);
  const windowMs = envInt('BENCH_WINDOW_MS', 2_000);
  const rounds = envInt('BENCH_ROUNDS', 6);
  // The schema of this build (dist/apps/mandates, next to dist/bench): loaded like the builds compared.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migrations } = require(resolve(__dirname, '../apps/mandates/src/migrations/index.js')) as { migrations: Parameters<typeof withTestDataSource>[0]['migrations'] };
  const t = await withTestDataSource({ prefix: 'bench_mandates_ab', migrations, poolSize: 10 });
  try {
    const usagers = await seed(t.ds, envInt('BENCH_USAGERS', 2_000));
    const builds: Record<string, Checker & { journal: Journal }> = { other: load(resolve(other), t.ds), this: load(resolve(__dirname, '..'), t.ds) };
    let n = 0;
    // 80 % allowed (social), 20 % denied (no mandate for papiers), as in bench:mandates.
    const input = () => {
      const i = n++ % usagers.length;
      return { aidantSub: SUB, structureId: STRUCTURE, usagerId: usagers[i], demarche: i % 5 === 0 ? 'papiers' : 'social' };
    };
    const run = async (c: Checker) => (await runUntil(concurrency, Date.now() + windowMs, async () => void (await c.check(input())))) / (windowMs / 1000);
    for (const c of Object.values(builds)) await run(c);
    const rates: Record<string, number[]> = { other: [], this: [] };
    for (let r = 0; r < rounds; r++) {
      for (const name of r % 2 ? ['this', 'other'] : ['other', 'this']) rates[name].push(await run(builds[name]));
      console.log(`[mandates-ab] round ${r + 1}: other ${fmt(rates.other[r])}/s, this ${fmt(rates.this[r])}/s, this/other ${fmt(rates.this[r] / rates.other[r], 2)}`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `[mandates-ab] median: other ${fmt(median(rates.other))}/s, this ${fmt(median(rates.this))}/s; median of per-round ratios ${fmt(median(rates.this.map((x, i) => x / rates.other[i])), 2)}`,
    );
    console.log(`[mandates-ab] journal verified: ${JSON.stringify(await builds.this.journal.verify())}`);
  } finally {
    await t.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
