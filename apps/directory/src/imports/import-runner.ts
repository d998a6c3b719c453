import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { PinError, type JobData } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { LieuWriter } from '../lieux/lieu-writer';
import { parseLieuxFile, type ParsedLieu, type RowIssue } from './parsing/parse-lieux-file';

/** Lieux written per transaction: a crash loses at most the batch in progress, never half of it. */
export const IMPORT_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Possible duplicates across sources: same commune, close (or no coordinates), similar name or address. */
const DUPLICATES_SQL = `
  WITH c AS (
    SELECT o.id,
      similarity(lower(unaccent(o.nom)), lower(unaccent(l.nom))) AS sn,
      similarity(lower(unaccent(o.adresse)), lower(unaccent(l.adresse))) AS sa,
      ST_Distance(o.location, l.location) AS d
    FROM lieu l
    JOIN lieu o ON o.id <> l.id AND o.source <> l.source AND o.statut = 'actif'
      AND (o.code_insee = l.code_insee
        OR (o.code_postal = l.code_postal AND lower(unaccent(o.commune)) = lower(unaccent(l.commune))))
    WHERE l.id = $1 AND l.statut = 'actif'
  )
  INSERT INTO lieu_doublon (id, lieu_id, doublon_de, import_id, similarite_nom, similarite_adresse, distance_m)
  SELECT gen_random_uuid(), $1, c.id, $2, c.sn, c.sa, c.d FROM c
  WHERE (c.d IS NULL OR c.d < 200) AND (c.sn >= 0.4 OR (c.sa >= 0.6 AND c.sn >= 0.2))
  ON CONFLICT DO NOTHING
  RETURNING id`;

export interface ProgressSink {
  updateProgress(value: number): Promise<unknown>;
}

/**
 * Runs one import: reads the file from Redis, parses it (every row → a lieu or a rejection),
 * records the rejections, then upserts the lieux by (source, id) through LieuWriter in batches,
 * one transaction per batch that also advances the import's counters. Re-running resumes after
 * the last committed batch; upserts make any replay harmless.
 */
@Injectable()
export class ImportRunner {
  private readonly log = new Logger('Import');

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly writer: LieuWriter,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {}

  async run(data: JobData<'directory.import.lieux'>, progress: ProgressSink): Promise<{ statut: string }> {
    const [imp] = (await this.ds.query(`SELECT id, source, statut, traites, valides FROM lieu_import WHERE id = $1`, [data.importId])) as {
      id: string; source: string; statut: string; traites: number; valides: number | null;
    }[];
    if (!imp) throw new Error(`import ${data.importId} not found`);
    if (imp.statut === 'termine' || imp.statut === 'echoue') return { statut: imp.statut };

    const file = await this.redis.getBuffer(data.fileKey);
    if (!file) return this.fail(imp.id, "Le fichier importé n'est plus disponible (délai dépassé) : importez-le de nouveau.");
    let parsed: ReturnType<typeof parseLieuxFile>;
    try {
      parsed = parseLieuxFile(file, data.format);
    } catch (err) {
      if (err instanceof PinError) return this.fail(imp.id, err.message);
      throw err;
    }

    if (imp.valides === null) {
      await this.ds.transaction(async (m) => {
        await insertIssues(m, imp.id, 'rejet', parsed.rejets);
        await insertIssues(m, imp.id, 'avertissement', parsed.avertissements);
        await m.query(
          `UPDATE lieu_import SET statut = 'en-cours', total = $2, valides = $3, rejetes = $4, format_detecte = $5, encodage = $6,
             progression = $7, updated_at = now() WHERE id = $1`,
          [imp.id, parsed.total, parsed.lieux.length, parsed.rejets.length, parsed.format, parsed.encoding, parsed.lieux.length ? 0 : 100],
        );
      });
    }

    const lieux = parsed.lieux;
    for (let start = imp.traites; start < lieux.length; start += IMPORT_BATCH) {
      const batch = lieux.slice(start, start + IMPORT_BATCH);
      const done = start + batch.length;
      const pct = Math.floor((done * 100) / lieux.length);
      const applied = await this.outbox.run(async (m, events) => {
        // The import row is the batch's lock: a concurrent replay of the same job waits, then skips.
        const [row] = (await m.query(`SELECT traites FROM lieu_import WHERE id = $1 FOR UPDATE`, [imp.id])) as { traites: number }[];
        if (row.traites !== start) return false;
        const counts = { crees: 0, maj: 0, inchanges: 0, doublons: 0 };
        const known = await this.existing(m, imp.source, batch);
        for (const l of batch) {
          const match = (UUID.test(l.sourceId) ? known.byId.get(l.sourceId.toLowerCase()) : undefined) ?? known.bySourceId.get(l.sourceId);
          const res = await this.writer.save(m, events, {
            source: match?.source ?? imp.source,
            sourceId: match?.source_id ?? l.sourceId,
            structureId: match?.structure_id ?? null,
            // Démarches are not in the standard: an import keeps those of the existing lieu.
            data: { ...l.data, demarches: match?.demarches ?? l.data.demarches },
            dateMaj: l.dateMaj,
          });
          if (res.created) {
            counts.crees += 1;
            counts.doublons += ((await m.query(DUPLICATES_SQL, [res.id, imp.id])) as unknown[]).length;
          } else if (res.changed.length > 0) counts.maj += 1;
          else counts.inchanges += 1;
        }
        await m.query(
          `UPDATE lieu_import SET traites = $2, progression = $3, crees = crees + $4, mis_a_jour = mis_a_jour + $5,
             inchanges = inchanges + $6, doublons = doublons + $7, updated_at = now() WHERE id = $1`,
          [imp.id, done, pct, counts.crees, counts.maj, counts.inchanges, counts.doublons],
        );
        return true;
      });
      if (!applied) this.log.warn(`import ${imp.id}: batch at ${start} already applied`);
      await progress.updateProgress(pct);
    }

    await this.ds.query(`UPDATE lieu_import SET statut = 'termine', progression = 100, finished_at = now(), updated_at = now() WHERE id = $1`, [imp.id]);
    await progress.updateProgress(100);
    await this.redis.del(data.fileKey);
    this.log.log(`import ${imp.id} (${imp.source}): ${lieux.length} lieux, ${parsed.rejets.length} rejected`);
    return { statut: 'termine' };
  }

  /** Marks an import failed for a reason the user can act on (unreadable file, file expired). */
  async fail(importId: string, message: string): Promise<{ statut: string }> {
    await this.ds.query(
      `UPDATE lieu_import SET statut = 'echoue', erreur = $2, finished_at = now(), updated_at = now() WHERE id = $1 AND statut <> 'termine'`,
      [importId, message],
    );
    return { statut: 'echoue' };
  }

  /**
   * Existing lieux of the batch: by (source, id in the source), and by PIN lieu id for files that
   * PIN exported (their `id` column is the lieu id), so that re-importing an export updates the
   * same lieux instead of creating copies.
   */
  private async existing(m: EntityManager, source: string, batch: ParsedLieu[]) {
    const ids = batch.map((l) => l.sourceId);
    const uuids = ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase());
    const rows: { id: string; source: string; source_id: string; structure_id: string | null; demarches: string[] }[] = await m.query(
      `SELECT id::text AS id, source, source_id, structure_id::text AS structure_id, demarches FROM lieu
       WHERE (source = $1 AND source_id = ANY($2::text[])) OR id = ANY($3::uuid[])`,
      [source, ids, uuids],
    );
    return {
      byId: new Map(rows.map((r) => [r.id, r])),
      bySourceId: new Map(rows.filter((r) => r.source === source).map((r) => [r.source_id, r])),
    };
  }
}

async function insertIssues(m: EntityManager, importId: string, type: 'rejet' | 'avertissement', issues: RowIssue[]): Promise<void> {
  for (let i = 0; i < issues.length; i += 500) {
    const slice = issues.slice(i, i + 500);
    const values: unknown[] = [importId, type];
    const tuples = slice.map((issue, j) => {
      values.push(i + j, issue.ligne, issue.motif.slice(0, 1000));
      return `($1, $2, $${values.length - 2}, $${values.length - 1}, $${values.length})`;
    });
    await m.query(`INSERT INTO lieu_import_rejet (import_id, type, position, ligne, motif) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
  }
}
