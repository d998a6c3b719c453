import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import {
  flagLabel, importIdSchema, importStartSchema, PinError, type ImportFlagGroup, type ImportListReply, type ImportStart, type ImportStatus, type ImportView,
  type UserContext, POLICIES, parsePayload,
} from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { REDIS_CONNECTION } from '@pin/jobs';
import { ImportQueue } from './import-queue';

/** How many rejected rows / warnings GET /imports/:id returns (the counts are always complete). */
const MAX_LISTED = 2_000;

const notFound = () => new PinError('IMPORT.NOT_FOUND', 'Import introuvable.');


/** Imports of lieux: recorded here, run by the `directory.import.lieux` job (ImportRunner). */
@Injectable()
export class ImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly queue: ImportQueue,
    @Inject(REDIS_CONNECTION) private readonly redis: Redis,
  ) {}

  async start(user: UserContext | undefined, input: unknown): Promise<ImportView> {
    const u = requirePolicy(user, POLICIES.import.run);
    const dto = parsePayload(importStartSchema, input ?? {});
    if (!(await this.redis.exists(dto.fileKey))) {
      throw new PinError('IMPORT.FILE_MISSING', "Le fichier à importer n'est plus disponible : envoyez-le de nouveau.");
    }
    return this.create(dto, u.sub);
  }

  /** Records an import and enqueues its job (also used by the demo import at boot). */
  async create(dto: ImportStart, requestedBy: string): Promise<ImportView> {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO lieu_import (id, source, format, filename, file_key, demande_par) VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, dto.source, dto.format, dto.filename ?? null, dto.fileKey, requestedBy],
    );
    await this.queue.enqueue({ importId: id, format: dto.format, fileKey: dto.fileKey });
    return this.view(id, false);
  }

  async get(user: UserContext | undefined, id: unknown): Promise<ImportView> {
    requirePolicy(user, POLICIES.import.run);
    const parsed = importIdSchema.safeParse(id);
    if (!parsed.success) throw notFound();
    return this.view(parsed.data, true);
  }

  async list(user: UserContext | undefined): Promise<ImportListReply> {
    requirePolicy(user, POLICIES.import.run);
    return { items: await this.latest(50) };
  }

  /** The latest imports, newest first, with their flag counts (also for the dashboard). */
  async latest(limit: number): Promise<ImportView[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(`SELECT * FROM lieu_import ORDER BY created_at DESC LIMIT $1`, [limit]);
    const counts = await this.flagCounts(rows.map((r) => String(r.id)));
    return rows.map((r) => toView(r, counts.get(String(r.id))));
  }

  /** Per import: lieux flagged (any problem flag) and per flag. */
  private async flagCounts(ids: string[]): Promise<Map<string, FlagCounts>> {
    const out = new Map<string, FlagCounts>();
    if (ids.length === 0) return out;
    const rows: { import_id: string; flag: string | null; n: number }[] = await this.ds.query(
      `SELECT import_id::text AS import_id, flag, count(DISTINCT position)::int AS n FROM lieu_import_flag
        WHERE import_id = ANY($1::uuid[]) GROUP BY GROUPING SETS ((import_id, flag), (import_id))`,
      [ids],
    );
    for (const r of rows) {
      const c = out.get(r.import_id) ?? { total: 0, byFlag: {} };
      if (r.flag === null) c.total = r.n;
      else c.byFlag[r.flag] = r.n;
      out.set(r.import_id, c);
    }
    return out;
  }

  async view(id: string, withRows: boolean): Promise<ImportView> {
    const [row] = (await this.ds.query(`SELECT * FROM lieu_import WHERE id = $1`, [id])) as Record<string, unknown>[];
    if (!row) throw notFound();
    const view = toView(row, (await this.flagCounts([id])).get(id));
    if (!withRows) return view;
    const issues: { type: string; ligne: number; motif: string }[] = await this.ds.query(
      `(SELECT type, ligne, motif, position FROM lieu_import_rejet WHERE import_id = $1 AND type = 'rejet' ORDER BY position LIMIT ${MAX_LISTED})
       UNION ALL
       (SELECT type, ligne, motif, position FROM lieu_import_rejet WHERE import_id = $1 AND type = 'avertissement' ORDER BY position LIMIT ${MAX_LISTED})`,
      [id],
    );
    view.rejetes = issues.filter((i) => i.type === 'rejet').map(({ ligne, motif }) => ({ ligne, motif }));
    view.avertissements = issues.filter((i) => i.type === 'avertissement').map(({ ligne, motif }) => ({ ligne, motif }));
    const flagged: { flag: string; ligne: number; lieu_id: string }[] = await this.ds.query(
      `SELECT flag, ligne, lieu_id::text AS lieu_id FROM (
         SELECT flag, ligne, lieu_id, position, row_number() OVER (PARTITION BY flag ORDER BY position) AS rank FROM lieu_import_flag WHERE import_id = $1
       ) f WHERE rank <= ${MAX_LISTED} ORDER BY flag, position`,
      [id],
    );
    const groups = new Map<string, ImportFlagGroup>();
    for (const f of flagged) {
      let g = groups.get(f.flag);
      if (!g) groups.set(f.flag, (g = { flag: f.flag, libelle: flagLabel(f.flag), total: view.signales_par_flag[f.flag] ?? 0, lignes: [] }));
      g.lignes.push({ ligne: f.ligne, lieu_id: f.lieu_id });
    }
    view.signales = [...groups.values()].sort((a, b) => b.total - a.total || a.flag.localeCompare(b.flag));
    return view;
  }
}

type FlagCounts = { total: number; byFlag: Record<string, number> };

function toView(r: Record<string, unknown>, flags: FlagCounts = { total: 0, byFlag: {} }): ImportView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v ? String(v) : null);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    id: String(r.id),
    source: String(r.source),
    format: String(r.format),
    format_detecte: (r.format_detecte as string | null) ?? null,
    encodage: (r.encodage as string | null) ?? null,
    filename: (r.filename as string | null) ?? null,
    statut: String(r.statut) as ImportStatus,
    progression: n(r.progression),
    total: r.total === null ? null : n(r.total),
    valides: r.valides === null ? null : n(r.valides),
    importes: n(r.crees) + n(r.mis_a_jour) + n(r.inchanges),
    crees: n(r.crees),
    mis_a_jour: n(r.mis_a_jour),
    inchanges: n(r.inchanges),
    rejetes_total: n(r.rejetes),
    doublons: n(r.doublons),
    signales_total: flags.total,
    signales_par_flag: flags.byFlag,
    erreur: (r.erreur as string | null) ?? null,
    created_at: iso(r.created_at)!,
    finished_at: iso(r.finished_at),
  };
}
