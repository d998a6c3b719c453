import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { resolve } from 'node:path';
import type { EntityManager, DataSource } from 'typeorm';
import { createRedis } from '@pin/jobs';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { LieuCreatedV1 } from '@pin/contracts';
import type { TestDataSource } from '@pin/testing';
import { LieuWriter, type LieuWriteInput } from '../src/lieux/lieu-writer';
import { directoryTestDatabase } from './directory-database';
import { ExportService } from '../src/exports/export.service';
import { IMPORT_BATCH, ImportRunner } from '../src/imports/import-runner';
import { parseLieuxFile } from '../src/imports/parsing/parse-lieux-file';
import { mutated } from './hostile-lieux';

jest.setTimeout(120_000);

const HINAURA = readFileSync(resolve(__dirname, '../data/hinaura-687-lieux-v0.1.json'));

/** The real writer, made to crash on its n-th call (a process dying in the middle of a batch). */
class CrashingWriter extends LieuWriter {
  calls = 0;
  crashAt = Infinity;
  override async save(m: EntityManager, e: EventRecorder, input: LieuWriteInput) {
    this.calls += 1;
    if (this.calls === this.crashAt) throw new Error('simulated crash');
    return super.save(m, e, input);
  }
}

describe('ImportRunner (real PostgreSQL and Redis)', () => {
  let db: TestDataSource;
  let ds: DataSource;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const writer = new CrashingWriter();
  let runner: ImportRunner;
  const fileKey = `pin:import:file:${randomUUID()}`;

  beforeAll(async () => {
    db = await directoryTestDatabase('directory_import');
    ds = db.ds;
    runner = new ImportRunner(ds, new Outbox(ds, 'directory'), writer, redis);
    await redis.set(fileKey, HINAURA, 'EX', 600);
  });
  afterAll(async () => {
    await redis.del(fileKey);
    await redis.quit();
    await db?.teardown();
  });

  const count = async (sql: string, params: unknown[] = []) => Number(((await ds.query(sql, params)) as { n: number }[])[0].n);

  it('a crash mid-batch leaves no half-written batch; re-running resumes and finishes idempotently', async () => {
    const id = randomUUID();
    await ds.query(`INSERT INTO lieu_import (id, source, format, file_key) VALUES ($1, 'hinaura', 'auto', $2)`, [id, fileKey]);
    const progress: number[] = [];
    const sink = { updateProgress: async (p: number) => progress.push(p) };

    // Crash in the middle of the third batch.
    writer.crashAt = 2 * IMPORT_BATCH + 50;
    await expect(runner.run({ importId: id, format: 'auto', fileKey }, sink)).rejects.toThrow('simulated crash');
    const [mid] = await ds.query(`SELECT statut, traites, crees, progression FROM lieu_import WHERE id = $1`, [id]);
    expect(mid).toEqual({ statut: 'en-cours', traites: 2 * IMPORT_BATCH, crees: 2 * IMPORT_BATCH, progression: Math.floor((200 * 100) / 687) });
    // Exactly the committed batches, with their events: nothing of the third one.
    expect(await count(`SELECT count(*)::int AS n FROM lieu`)).toBe(2 * IMPORT_BATCH);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = '${LieuCreatedV1.type}'`)).toBe(2 * IMPORT_BATCH);
    expect(progress).toEqual([14, 29]);

    // The job is retried: it resumes after the last committed batch.
    writer.crashAt = Infinity;
    await expect(runner.run({ importId: id, format: 'auto', fileKey }, sink)).resolves.toEqual({ statut: 'termine' });
    const [done] = await ds.query(`SELECT statut, traites, crees, mis_a_jour, inchanges, progression, total, rejetes FROM lieu_import WHERE id = $1`, [id]);
    expect(done).toEqual({ statut: 'termine', traites: 687, crees: 687, mis_a_jour: 0, inchanges: 0, progression: 100, total: 687, rejetes: 0 });
    expect(await count(`SELECT count(*)::int AS n FROM lieu WHERE source = 'hinaura'`)).toBe(687);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = '${LieuCreatedV1.type}'`)).toBe(687);
    expect(progress.at(-1)).toBe(100);
    // The file is removed once imported; running the finished job again does nothing.
    expect(await redis.exists(fileKey)).toBe(0);
    await expect(runner.run({ importId: id, format: 'auto', fileKey }, sink)).resolves.toEqual({ statut: 'termine' });
  });

  it('exports 20,000+ lieux in pages that each fit in a NATS message (1 MB)', async () => {
    // 29 copies of the 687 imported lieux, with long texts: 20,610 active lieux.
    await ds.query(`
      INSERT INTO lieu (id, source, source_id, nom, adresse, commune, code_postal, code_insee, location, services, horaires,
        presentation_detail, courriels, date_maj)
      SELECT gen_random_uuid(), 'synth', g || '-' || l.source_id, l.nom, l.adresse, l.commune, l.code_postal, l.code_insee, l.location,
        l.services, l.horaires, repeat('Accompagnement « numérique » ; ', 60), l.courriels, l.date_maj
      FROM lieu l, generate_series(1, 29) g WHERE l.source = 'hinaura'`);
    const total = await count(`SELECT count(*)::int AS n FROM lieu WHERE statut = 'actif'`);
    expect(total).toBe(687 * 30);
    const exports = new ExportService(ds);
    for (const format of ['v1.0.2-csv', 'data-inclusion-services'] as const) {
      let after: string | undefined;
      let rows = 0;
      let pages = 0;
      let text = '';
      for (;;) {
        const page = await exports.page({ format, after });
        // What NATS carries: the JSON reply.
        expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(1_000_000);
        rows += page.count;
        pages += 1;
        text += format === 'v1.0.2-csv' ? page.chunk : (text ? ',' : '') + page.chunk;
        if (!page.next) break;
        after = page.next;
      }
      expect(rows).toBe(total);
      expect(pages).toBeGreaterThan(10);
      if (format === 'v1.0.2-csv') {
        const parsed = parseCsv(text, { columns: true }) as { id: string }[];
        expect(new Set(parsed.map((r) => r.id)).size).toBe(total);
      } else {
        const services = JSON.parse(`[${text}]`) as { id: string }[];
        expect(new Set(services.map((x) => x.id)).size).toBe(services.length);
        expect(services.length).toBeGreaterThan(total);
      }
    }
  });

  it('hostile cells in otherwise valid rows: the import finishes, each row a lieu in the database or a rejection with its line', async () => {
    let files = 0;
    await fc.assert(
      fc.asyncProperty(mutated, async (csv) => {
        files += 1;
        const id = randomUUID();
        const source = `fuzz-${files}`;
        const key = `pin:import:file:${randomUUID()}`;
        const file = Buffer.from(csv, 'utf8');
        await redis.set(key, file, 'EX', 600);
        await ds.query(`INSERT INTO lieu_import (id, source, format, file_key) VALUES ($1, $2, 'auto', $3)`, [id, source, key]);
        await expect(runner.run({ importId: id, format: 'auto', fileKey: key }, { updateProgress: async () => 0 })).resolves.toEqual({ statut: 'termine' });
        const parsed = parseLieuxFile(file);
        const [row] = await ds.query(`SELECT total, valides, rejetes FROM lieu_import WHERE id = $1`, [id]);
        expect(row).toEqual({ total: parsed.total, valides: parsed.lieux.length, rejetes: parsed.rejets.length });
        expect(await count(`SELECT count(*)::int AS n FROM lieu WHERE source = $1`, [source])).toBe(parsed.lieux.length);
        expect(await count(`SELECT count(*)::int AS n FROM lieu_import_rejet WHERE import_id = $1 AND type = 'rejet'`, [id])).toBe(parsed.rejets.length);
      }),
      { numRuns: 40 },
    );
  });

  it('an expired file fails the import with a French reason', async () => {
    const id = randomUUID();
    const missing = `pin:import:file:${randomUUID()}`;
    await ds.query(`INSERT INTO lieu_import (id, source, format, file_key) VALUES ($1, 'x-source', 'auto', $2)`, [id, missing]);
    await expect(runner.run({ importId: id, format: 'auto', fileKey: missing }, { updateProgress: async () => 0 })).resolves.toEqual({ statut: 'echoue' });
    const [row] = await ds.query(`SELECT statut, erreur FROM lieu_import WHERE id = $1`, [id]);
    expect(row).toEqual({ statut: 'echoue', erreur: expect.stringMatching(/n'est plus disponible/) });
  });
});
