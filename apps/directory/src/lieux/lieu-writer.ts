import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LieuClosedV1, LieuCreatedV1, LieuUpdatedV1, PinError, type LieuData, type LieuSnapshot } from '@pin/contracts';
import type { EventRecorder } from '@pin/messaging';
import { validateHoraires } from '../opening-hours/validate';
import { geoIssues } from './geo';
import { Lieu } from './lieu.entity';
import { postalCodeMismatch, postalCodeMismatchMessage } from './postal-code';

/** The write model: LieuData whose coordinates (and INSEE code) may be missing, as in some imports. */
export type LieuWriteData = Omit<LieuData, 'latitude' | 'longitude' | 'code_insee'> & {
  latitude: number | null;
  longitude: number | null;
  code_insee?: string | null;
};

export interface LieuWriteInput {
  source: string;
  sourceId: string;
  structureId: string | null;
  data: LieuWriteData;
  /** YYYY-MM-DD; defaults to today (Europe/Paris). */
  dateMaj?: string;
  extraFlags?: string[];
  /**
   * 'import' (default): implausible coordinates, unknown INSEE codes and unreadable horaires are
   * kept and flagged, unknown démarches dropped. 'edit': they are refused with a 400. A postal code
   * that is not one of the INSEE code's commune is refused in both modes (imports reject such rows
   * when parsing, by line).
   */
  mode?: 'import' | 'edit';
  /** Optimistic locking: the version the caller read (edit API). */
  expectedVersion?: number;
  correlationId?: string;
}

/** Flags computed from the data at every write; the others ('a-verifier', 'demo', …) are kept. */
export const COMPUTED_FLAGS = ['horaires-invalides', 'coordonnees-manquantes', 'hors-france', 'hors-departement', 'insee-inconnu'];

const TEXT_FIELDS = [
  'pivot', 'nom', 'adresse', 'complement_adresse', 'commune', 'code_postal', 'code_insee', 'telephone', 'horaires', 'presentation_resume',
  'presentation_detail', 'structure_parente', 'fiche_acces_libre', 'prise_rdv',
] as const;
const LIST_FIELDS = [
  'typologie', 'courriels', 'site_web', 'itinerance', 'services', 'publics_specifiquement_adresses', 'prise_en_charge_specifique',
  'frais_a_charge', 'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces',
  'modalites_accompagnement', 'demarches',
] as const;
/** Fields compared to build the `changed` list of lieu.updated events. */
const COMPARED = [...TEXT_FIELDS, ...LIST_FIELDS, 'latitude', 'longitude', 'flags', 'structure_id', 'statut'] as const;

export function todayParis(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function toSnapshot(l: Lieu): LieuSnapshot {
  const s: Record<string, unknown> = {
    id: l.id, structure_id: l.structure_id, source: l.source, source_id: l.source_id, statut: l.statut,
    latitude: l.location ? l.location.coordinates[1] : null, longitude: l.location ? l.location.coordinates[0] : null,
    flags: [...l.flags], date_maj: dateString(l.date_maj), version: l.version,
  };
  for (const k of TEXT_FIELDS) s[k] = l[k] ?? null;
  for (const k of LIST_FIELDS) s[k] = [...(l[k] ?? [])];
  return s as LieuSnapshot;
}

/** The write data of a stored lieu (to merge a partial edit onto it). */
export function toWriteData(l: Lieu): LieuWriteData {
  const s = toSnapshot(l);
  const out: Record<string, unknown> = { latitude: s.latitude, longitude: s.longitude };
  for (const k of TEXT_FIELDS) if (s[k] !== null) out[k] = s[k];
  for (const k of LIST_FIELDS) out[k] = s[k];
  return out as LieuWriteData;
}

/** A `date` column as YYYY-MM-DD (TypeORM gives a string; node-postgres alone a local-midnight Date). */
function dateString(d: string | Date): string {
  if (!(d instanceof Date)) return String(d).slice(0, 10);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The single write path of lieux (edit API, signalement corrections, imports, demo data): upsert
 * by (source, source_id) inside the caller's transaction, flags computed from the data, events
 * recorded with the full snapshot.
 */
@Injectable()
export class LieuWriter {
  /** Insert or update by (source, sourceId) inside the caller's transaction, and record the events. */
  async save(manager: EntityManager, events: EventRecorder, input: LieuWriteInput): Promise<{ id: string; created: boolean; changed: string[]; flags: string[] }> {
    const mode = input.mode ?? 'import';
    const data = { ...input.data };
    const computed = await this.check(manager, data, mode);
    const repo = manager.getRepository(Lieu);
    const existing = await repo.findOne({ where: { source: input.source, source_id: input.sourceId }, lock: { mode: 'pessimistic_write' } });
    if (existing && input.expectedVersion !== undefined && input.expectedVersion !== existing.version) {
      throw new PinError('LIEU.VERSION_CONFLICT', 'Le lieu a été modifié entre-temps : rechargez la page.', { currentVersion: existing.version });
    }
    const kept = (existing?.flags ?? []).filter((f) => !COMPUTED_FLAGS.includes(f));
    const flags = [...new Set([...computed, ...kept, ...(input.extraFlags ?? [])])].sort();
    const values: Partial<Lieu> = {
      structure_id: input.structureId,
      location: data.latitude !== null && data.longitude !== null ? { type: 'Point', coordinates: [data.longitude, data.latitude] } : null,
      flags,
    };
    const v = values as Record<string, unknown>;
    for (const k of TEXT_FIELDS) v[k] = (data as Record<string, unknown>)[k] ?? null;
    for (const k of LIST_FIELDS) v[k] = [...(((data as Record<string, unknown>)[k] as string[] | undefined) ?? [])];
    const correlationId = input.correlationId ?? 'directory';

    if (!existing) {
      const row = repo.create({
        ...values, id: randomUUID(), source: input.source, source_id: input.sourceId, statut: 'actif', version: 1,
        date_maj: input.dateMaj ?? todayParis(), closed_at: null, closed_motif: null,
      });
      await repo.insert(row);
      const saved = await repo.findOneByOrFail({ id: row.id });
      events.record(LieuCreatedV1, { subject: saved.id, data: toSnapshot(saved), correlationId });
      return { id: saved.id, created: true, changed: [], flags: [...saved.flags] };
    }

    const before = toSnapshot(existing);
    const after = { ...before, ...(v as object), latitude: data.latitude, longitude: data.longitude } as Record<string, unknown>;
    before.flags = [...before.flags].sort();
    const changed = COMPARED.filter((k) => !same((before as Record<string, unknown>)[k], after[k]));
    if (changed.length === 0) return { id: existing.id, created: false, changed: [], flags: [...existing.flags] };
    await repo.update(
      { id: existing.id },
      { ...values, version: existing.version + 1, updated_at: new Date(), date_maj: input.dateMaj ?? todayParis() },
    );
    const saved = await repo.findOneByOrFail({ id: existing.id });
    events.record(LieuUpdatedV1, { subject: saved.id, data: { ...toSnapshot(saved), changed: [...changed] }, correlationId });
    return { id: saved.id, created: false, changed: [...changed], flags: [...saved.flags] };
  }

  /** Closes a lieu (fermeture); a lieu already closed is left as it is. */
  async close(
    manager: EntityManager,
    events: EventRecorder,
    id: string,
    o: { motif?: string | null; correlationId?: string; expectedVersion?: number } = {},
  ): Promise<Lieu> {
    const repo = manager.getRepository(Lieu);
    const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new PinError('LIEU.NOT_FOUND', 'Lieu introuvable.');
    if (o.expectedVersion !== undefined && o.expectedVersion !== row.version) {
      throw new PinError('LIEU.VERSION_CONFLICT', 'Le lieu a été modifié entre-temps : rechargez la page.', { currentVersion: row.version });
    }
    if (row.statut === 'ferme') return row;
    const now = new Date();
    await repo.update({ id }, { statut: 'ferme', closed_at: now, closed_motif: o.motif ?? null, version: row.version + 1, updated_at: now, date_maj: todayParis(now) });
    const saved = await repo.findOneByOrFail({ id });
    events.record(LieuClosedV1, {
      subject: id,
      data: { ...toSnapshot(saved), motif: saved.closed_motif, closed_at: (saved.closed_at ?? now).toISOString() },
      correlationId: o.correlationId ?? 'directory',
    });
    return saved;
  }

  /** Sets or clears one kept flag (e.g. 'a-verifier'); records lieu.updated when it changes. */
  async setFlag(manager: EntityManager, events: EventRecorder, id: string, flag: string, on: boolean, correlationId = 'directory'): Promise<void> {
    const repo = manager.getRepository(Lieu);
    const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row || row.flags.includes(flag) === on) return;
    const flags = on ? [...row.flags, flag].sort() : row.flags.filter((f) => f !== flag);
    await repo.update({ id }, { flags, version: row.version + 1, updated_at: new Date() });
    const saved = await repo.findOneByOrFail({ id });
    events.record(LieuUpdatedV1, { subject: id, data: { ...toSnapshot(saved), changed: ['flags'] }, correlationId });
  }

  /**
   * Computed flags of the data; normalises the horaires when readable. In 'edit' mode every
   * problem is a 400 with a stable code instead; in 'import' mode unknown démarches are dropped.
   * A postal code of another commune is a 400 in both modes.
   */
  private async check(manager: EntityManager, data: LieuWriteData, mode: 'import' | 'edit'): Promise<string[]> {
    const flags: string[] = [];
    const commune = data.code_insee ? postalCodeMismatch(data.code_postal, data.code_insee) : undefined;
    if (commune) {
      throw new PinError('LIEU.POSTAL_CODE_MISMATCH', postalCodeMismatchMessage(data.code_postal, commune), {
        code_postal: data.code_postal, code_insee: data.code_insee, codes_postaux: commune.codesPostaux,
      });
    }
    for (const issue of geoIssues(data)) {
      if (mode === 'edit') throw geoError(issue, data);
      flags.push(issue);
    }
    if (data.horaires) {
      const r = validateHoraires(data.horaires, { codeInsee: data.code_insee, latitude: data.latitude, longitude: data.longitude });
      if (r.ok) {
        if (r.normalized) data.horaires = r.normalized;
      } else if (mode === 'edit') {
        throw new PinError('LIEU.INVALID_HOURS', `Horaires illisibles : ${horairesMessage(r.warnings[0])}`, {
          horaires: data.horaires, erreur: r.warnings[0],
        });
      } else flags.push('horaires-invalides');
    }
    const wanted = [...new Set(data.demarches ?? [])];
    if (wanted.length > 0) {
      const rows: Array<{ slug: string }> = await manager.query('SELECT slug FROM demarche WHERE actif AND slug = ANY($1::text[])', [wanted]);
      const known = new Set(rows.map((r) => r.slug));
      const unknown = wanted.filter((s) => !known.has(s));
      if (unknown.length > 0 && mode === 'edit') {
        throw new PinError('DEMARCHE.UNKNOWN', `Démarche inconnue ou désactivée : ${unknown.join(', ')}.`, { demarches: unknown });
      }
      data.demarches = wanted.filter((s) => known.has(s));
    } else data.demarches = [];
    return flags;
  }
}

function geoError(issue: string, data: LieuWriteData): PinError {
  switch (issue) {
    case 'insee-inconnu':
      return new PinError('LIEU.UNKNOWN_INSEE', `Code INSEE inconnu : ${data.code_insee}.`, { code_insee: data.code_insee });
    case 'hors-france':
      return new PinError('LIEU.OUTSIDE_FRANCE', 'Les coordonnées sont hors de France : vérifiez la latitude et la longitude.', {
        latitude: data.latitude, longitude: data.longitude,
      });
    case 'hors-departement':
      return new PinError('LIEU.OUTSIDE_DEPARTEMENT', `Les coordonnées ne sont pas dans le département de la commune (code INSEE ${data.code_insee}).`, {
        latitude: data.latitude, longitude: data.longitude, code_insee: data.code_insee,
      });
    default:
      return new PinError('REQUEST.INVALID', 'Les coordonnées sont obligatoires.');
  }
}

/** The library's message ("<value> <--- (message)") reduced to its explanation. */
export function horairesMessage(raw: string | undefined): string {
  if (!raw) return 'syntaxe non reconnue.';
  const m = /<---\s*\((.*)\)\s*$/s.exec(raw);
  const text = (m ? m[1] : raw).trim();
  return text.endsWith('.') ? text : `${text}.`;
}
