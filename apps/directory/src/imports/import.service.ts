import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { importIdSchema, importStartSchema, PinError, type ImportStart, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { requirePolicy } from '@pin/auth';
import { REDIS_CONNECTION } from '@pin/jobs';
import { ImportQueue } from './import-queue';

/** How many rejected rows / warnings GET /imports/:id returns (the counts are always complete). */
const MAX_LISTED = 2_000;

const notFound = () => new PinError('IMPORT.NOT_FOUND', 'Import introuvable.');

export interface ImportView {
  id: string;
  source: string;
  format: string;
  format_detecte: string | null;
  encodage: string | null;
  filename: string | null;
  statut: string;
  progression: number;
  total: number | null;
  valides: number | null;
  importes: number;
  crees: number;
  mis_a_jour: number;
  inchanges: number;
  rejetes_total: number;
  doublons: number;
  erreur: string | null;
  created_at: string;
  finished_at: string | null;
  rejetes?: { ligne: number; motif: string }[];
  avertissements?: { ligne: number; motif: string }[];
}

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

  async list(user: UserContext | undefined): Promise<{ items: ImportView[] }> {
    requirePolicy(user, POLICIES.import.run);
    const rows: Record<string, unknown>[] = await this.ds.query(`SELECT * FROM lieu_import ORDER BY created_at DESC LIMIT 50`);
    return { items: rows.map(toView) };
  }

  async view(id: string, withRows: boolean): Promise<ImportView> {
    const [row] = (await this.ds.query(`SELECT * FROM lieu_import WHERE id = $1`, [id])) as Record<string, unknown>[];
    if (!row) throw notFound();
    const view = toView(row);
    if (!withRows) return view;
    const issues: { type: string; ligne: number; motif: string }[] = await this.ds.query(
      `(SELECT type, ligne, motif, position FROM lieu_import_rejet WHERE import_id = $1 AND type = 'rejet' ORDER BY position LIMIT ${MAX_LISTED})
       UNION ALL
       (SELECT type, ligne, motif, position FROM lieu_import_rejet WHERE import_id = $1 AND type = 'avertissement' ORDER BY position LIMIT ${MAX_LISTED})`,
      [id],
    );
    view.rejetes = issues.filter((i) => i.type === 'rejet').map(({ ligne, motif }) => ({ ligne, motif }));
    view.avertissements = issues.filter((i) => i.type === 'avertissement').map(({ ligne, motif }) => ({ ligne, motif }));
    return view;
  }
}

function toView(r: Record<string, unknown>): ImportView {
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v ? String(v) : null);
  const n = (v: unknown) => Number(v ?? 0);
  return {
    id: String(r.id),
    source: String(r.source),
    format: String(r.format),
    format_detecte: (r.format_detecte as string | null) ?? null,
    encodage: (r.encodage as string | null) ?? null,
    filename: (r.filename as string | null) ?? null,
    statut: String(r.statut),
    progression: n(r.progression),
    total: r.total === null ? null : n(r.total),
    valides: r.valides === null ? null : n(r.valides),
    importes: n(r.crees) + n(r.mis_a_jour) + n(r.inchanges),
    crees: n(r.crees),
    mis_a_jour: n(r.mis_a_jour),
    inchanges: n(r.inchanges),
    rejetes_total: n(r.rejetes),
    doublons: n(r.doublons),
    erreur: (r.erreur as string | null) ?? null,
    created_at: iso(r.created_at)!,
    finished_at: iso(r.finished_at),
  };
}
