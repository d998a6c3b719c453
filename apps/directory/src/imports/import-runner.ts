import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { LIEU_PROBLEM_FLAGS, PinError, type JobData } from '@pin/contracts';
import { REDIS_CONNECTION } from '@pin/jobs';
import { Outbox } from '@pin/messaging';
import { proposeDuplicates } from '../duplicates/propose-duplicates';
import { positionWithheld } from '../lieux/geo';
import { horairesWithheld } from '../lieux/withheld';
import { LieuWriter } from '../lieux/lieu-writer';
import { parseLieuxFile, type ParsedLieu, type ParseResult, type RowIssue } from './parsing/parse-lieux-file';

/** Lieux written per transaction: a crash loses at most the batch in progress, never half of it. */
export const IMPORT_BATCH = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ImportRow = { id: string; source: string; statut: string; traites: number; valides: number | null };

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
    const [imp] = (await this.ds.query(`SELECT id, source, statut, traites, valides FROM lieu_import WHERE id = $1`, [data.importId])) as ImportRow[];
    if (!imp) throw new Error(`import ${data.importId} not found`);
    if (imp.statut === 'termine' || imp.statut === 'echoue') return { statut: imp.statut };

    const file = await this.redis.getBuffer(data.fileKey);
    if (!file) return this.fail(imp.id, "Le fichier importé n'est plus disponible (délai dépassé) : importez-le de nouveau.");
    let parsed: ParseResult;
    try {
      parsed = parseLieuxFile(file, data.format);
    } catch (err) {
      if (err instanceof PinError) return this.fail(imp.id, err.message);
      throw err;
    }
    if (imp.valides === null) await this.recordParse(imp.id, parsed);

    const lieux = parsed.lieux;
    for (let start = imp.traites; start < lieux.length; start += IMPORT_BATCH) {
      const batch = lieux.slice(start, start + IMPORT_BATCH);
      const pct = Math.floor(((start + batch.length) * 100) / lieux.length);
      const applied = await this.applyBatch(imp, start, batch, pct);
      if (!applied) this.log.warn(`import ${imp.id}: batch at ${start} already applied`);
      await progress.updateProgress(pct);
    }

    await this.ds.query(`UPDATE lieu_import SET statut = 'termine', progression = 100, finished_at = now(), updated_at = now() WHERE id = $1`, [imp.id]);
    await progress.updateProgress(100);
    await this.redis.del(data.fileKey);
    this.log.log(`import ${imp.id} (${imp.source}): ${lieux.length} lieux, ${parsed.rejets.length} rejected`);
    return { statut: 'termine' };
  }

  /** Once per import: its rejections and warnings, totals, detected format and encoding. */
  private async recordParse(importId: string, parsed: ParseResult): Promise<void> {
    await this.ds.transaction(async (m) => {
      await insertIssues(m, importId, 'rejet', parsed.rejets);
      await insertIssues(m, importId, 'avertissement', parsed.avertissements);
      await m.query(
        `UPDATE lieu_import SET statut = 'en-cours', total = $2, valides = $3, rejetes = $4, format_detecte = $5, encodage = $6,
           progression = $7, updated_at = now() WHERE id = $1`,
        [importId, parsed.total, parsed.lieux.length, parsed.rejets.length, parsed.format, parsed.encoding, parsed.lieux.length ? 0 : 100],
      );
    });
  }

  /** One transaction: the batch's lieux, their events and duplicates, and the import's counters. False when already applied. */
  private async applyBatch(imp: ImportRow, start: number, batch: ParsedLieu[], pct: number): Promise<boolean> {
    return this.outbox.run(async (m, events) => {
      // The import row is the batch's lock: a concurrent replay of the same job waits, then skips.
      const [row] = (await m.query(`SELECT traites FROM lieu_import WHERE id = $1 FOR UPDATE`, [imp.id])) as { traites: number }[];
      if (row.traites !== start) return false;
      const counts = { crees: 0, maj: 0, inchanges: 0, doublons: 0 };
      const known = await this.existing(m, imp.source, batch);
      const flagged: { position: number; flag: string; ligne: number; lieuId: string }[] = [];
      for (const [k, l] of batch.entries()) {
        const match = (UUID.test(l.sourceId) ? known.byId.get(l.sourceId.toLowerCase()) : undefined) ?? known.bySourceId.get(l.sourceId);
        // Exports leave a withheld position empty: a row without coordinates keeps it (still flagged) for its managers to fix.
        const keepPosition = match && l.data.latitude === null && l.data.longitude === null && match.latitude !== null && positionWithheld(match.flags);
        // Likewise withheld (unreadable) horaires: a row without horaires keeps them, still flagged.
        const keepHoraires = match && !l.data.horaires && match.horaires !== null && horairesWithheld(match.flags);
        const res = await this.writer.save(m, events, {
          source: match?.source ?? imp.source,
          sourceId: match?.source_id ?? l.sourceId,
          structureId: match?.structure_id ?? null,
          // Démarches are not in the standard: an import keeps those of the existing lieu.
          data: {
            ...l.data,
            demarches: match?.demarches ?? l.data.demarches,
            ...(keepPosition ? { latitude: match.latitude, longitude: match.longitude } : {}),
            ...(keepHoraires ? { horaires: match.horaires! } : {}),
          },
          dateMaj: l.dateMaj,
        });
        for (const flag of res.flags) {
          if ((LIEU_PROBLEM_FLAGS as readonly string[]).includes(flag)) flagged.push({ position: start + k, flag, ligne: l.ligne, lieuId: res.id });
        }
        if (res.created) {
          counts.crees += 1;
          counts.doublons += await proposeDuplicates(m, res.id, imp.id);
        } else if (res.changed.length > 0) counts.maj += 1;
        else counts.inchanges += 1;
      }
      await insertFlags(m, imp.id, flagged);
      await m.query(
        `UPDATE lieu_import SET traites = $2, progression = $3, crees = crees + $4, mis_a_jour = mis_a_jour + $5,
           inchanges = inchanges + $6, doublons = doublons + $7, updated_at = now() WHERE id = $1`,
        [imp.id, start + batch.length, pct, counts.crees, counts.maj, counts.inchanges, counts.doublons],
      );
      return true;
    });
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
    const rows: {
      id: string; source: string; source_id: string; structure_id: string | null; demarches: string[];
      latitude: number | null; longitude: number | null; flags: string[]; horaires: string | null;
    }[] = await m.query(
      `SELECT id::text AS id, source, source_id, structure_id::text AS structure_id, demarches, horaires,
         ST_Y(location::geometry) AS latitude, ST_X(location::geometry) AS longitude, flags FROM lieu
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

/** The flags of the batch's lieux, by row (the batch's transaction; a replayed batch adds nothing). */
async function insertFlags(m: EntityManager, importId: string, rows: { position: number; flag: string; ligne: number; lieuId: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    const values: unknown[] = [importId];
    const tuples = slice.map((r) => {
      values.push(r.position, r.flag, r.ligne, r.lieuId);
      const n = values.length;
      return `($1, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::uuid)`;
    });
    await m.query(`INSERT INTO lieu_import_flag (import_id, position, flag, ligne, lieu_id) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
  }
}
