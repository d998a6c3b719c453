import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager, Repository } from 'typeorm';
import { ANY_PROBLEM_FLAG, closeLieuSchema, createLieuSchema, DISPOSITIFS, flagLabel, LIEU_PROBLEM_FLAGS, FORMATIONS_LABELS, FRAIS, ITINERANCE, lieuDataSchema, lieuIdSchema, listMesLieuxSchema, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PinError, PRISE_EN_CHARGE, PUBLICS, SERVICES, updateLieuSchema, type LieuSnapshot, type MesLieuxReply, type UpdateLieuDto, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { OpeningHoursService } from '../opening-hours/opening-hours.service';
import { Structure } from '../structures/structure.entity';
import { positionWithheld } from './geo';
import { horairesWithheld } from './withheld';
import { Lieu } from './lieu.entity';
import { LieuWriter, toSnapshot, toWriteData, type LieuWriteData } from './lieu-writer';

export const PIN_SOURCE = 'pin';
const notFound = () => new PinError('LIEU.NOT_FOUND', 'Lieu introuvable.');

type Vocabulary = { labels: Record<string, string> };
const VOCABULARIES: Record<string, Vocabulary> = {
  services: SERVICES,
  publics_specifiquement_adresses: PUBLICS,
  prise_en_charge_specifique: PRISE_EN_CHARGE,
  frais_a_charge: FRAIS,
  itinerance: ITINERANCE,
  dispositif_programmes_nationaux: DISPOSITIFS,
  formations_labels: FORMATIONS_LABELS,
  modalites_acces: MODALITES_ACCES,
  modalites_accompagnement: MODALITES_ACCOMPAGNEMENT,
};

/** Use cases of lieux: create, edit (optimistic locking), close, public detail, "mes lieux". */
@Injectable()
export class LieuxService {
  constructor(
    @InjectRepository(Lieu) private readonly repo: Repository<Lieu>,
    private readonly outbox: Outbox,
    private readonly writer: LieuWriter,
    @Optional() private readonly hours?: OpeningHoursService,
  ) {}

  async create(user: UserContext | undefined, input: unknown) {
    const u = requirePolicy(user, POLICIES.lieu.create);
    const { structure_id: structureId, ...data } = parsePayload(createLieuSchema, input);
    if (!structureId && !hasRole(u, ...NETWORK_ROLES)) {
      throw new PinError('LIEU.STRUCTURE_REQUIRED', 'Indiquez la structure (structure_id) à laquelle rattacher le lieu.');
    }
    if (structureId) requireStructureScope(u, structureId);
    const id = await this.outbox.run(async (m, events) => {
      if (structureId && !(await m.getRepository(Structure).existsBy({ id: structureId }))) {
        throw new PinError('STRUCTURE.NOT_FOUND', 'Structure introuvable.');
      }
      const res = await this.writer.save(m, events, {
        source: PIN_SOURCE, sourceId: randomUUID(), structureId: structureId ?? null, data, mode: 'edit',
        correlationId: RequestContext.correlationId(),
      });
      return res.id;
    });
    return this.detail(id);
  }

  async update(user: UserContext | undefined, id: unknown, input: unknown) {
    const u = requirePolicy(user, POLICIES.lieu.edit);
    const lieuId = this.parseId(id);
    const patch = parsePayload(updateLieuSchema, input) as UpdateLieuDto;
    const changed = await this.outbox.run(async (m, events) => {
      const row = await this.lockForEdit(m, u, lieuId);
      if (patch.version !== undefined && patch.version !== row.version) {
        throw new PinError('LIEU.VERSION_CONFLICT', 'Le lieu a été modifié entre-temps : rechargez la page.', { currentVersion: row.version });
      }
      return this.applyCorrection(m, events, row, patch);
    });
    return { ...(await this.detail(lieuId)), changed };
  }

  /** Merges a partial edit onto a lieu and writes it through LieuWriter ('edit' rules). Used by signalements too. */
  async applyCorrection(m: EntityManager, events: EventRecorder, row: Lieu, patch: UpdateLieuDto): Promise<string[]> {
    const merged: Record<string, unknown> = { ...toWriteData(row) };
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'version') continue;
      if (v === null) delete merged[k];
      else if (v !== undefined) merged[k] = v;
    }
    // The whole lieu must satisfy the standard's rules after the edit.
    const data = parsePayload(lieuDataSchema, merged) as LieuWriteData;
    const res = await this.writer.save(m, events, {
      source: row.source, sourceId: row.source_id, structureId: row.structure_id, data, mode: 'edit', expectedVersion: row.version,
      correlationId: RequestContext.correlationId(),
    });
    return res.changed;
  }

  async close(user: UserContext | undefined, id: unknown, input: unknown) {
    const u = requirePolicy(user, POLICIES.lieu.close);
    const lieuId = this.parseId(id);
    const body = parsePayload(closeLieuSchema, input ?? {});
    await this.outbox.run(async (m, events) => {
      const row = await this.lockForEdit(m, u, lieuId);
      if (row.statut === 'ferme') throw new PinError('LIEU.CLOSED', 'Ce lieu est déjà fermé.');
      await this.writer.close(m, events, lieuId, { motif: body.motif ?? null, expectedVersion: body.version, correlationId: RequestContext.correlationId() });
    });
    return this.detail(lieuId);
  }

  /** Public detail: every field with slugs and labels, flags, horaires in plain French, open now. */
  async get(id: unknown) {
    return this.detail(this.parseId(id));
  }

  async mine(user: UserContext | undefined, input: unknown): Promise<MesLieuxReply> {
    const u = requirePolicy(user, POLICIES.lieu.manage);
    const q = parsePayload(listMesLieuxSchema, input ?? {});
    const qb = this.repo.createQueryBuilder('l').orderBy('lower(l.nom)', 'ASC').addOrderBy('l.id', 'ASC');
    if (!hasRole(u, ...NETWORK_ROLES) && !u.structures.includes('*')) {
      qb.andWhere('l.structure_id IN (:...ids)', { ids: u.structures.length ? u.structures : ['00000000-0000-0000-0000-000000000000'] });
    }
    if (q.statut) qb.andWhere('l.statut = :statut', { statut: q.statut });
    if (q.flag === ANY_PROBLEM_FLAG) qb.andWhere('l.flags && CAST(:problems AS text[])', { problems: [...LIEU_PROBLEM_FLAGS] });
    else if (q.flag) qb.andWhere('l.flags @> CAST(:flag AS text[])', { flag: [q.flag] });
    if (q.source) qb.andWhere('l.source = :source', { source: q.source });
    if (q.q) {
      qb.andWhere(`(l.search @@ websearch_to_tsquery('fr_unaccent', :q) OR l.nom ILIKE :like OR l.commune ILIKE :like)`, {
        q: q.q, like: `%${q.q.replace(/[%_\\]/g, '\\$&')}%`,
      });
    }
    const [rows, total] = await qb.skip((q.page - 1) * q.pageSize).take(q.pageSize).getManyAndCount();
    return {
      items: rows.map((r) => {
        const s = toSnapshot(r);
        return {
          id: s.id, nom: s.nom, adresse: s.adresse, commune: s.commune, code_postal: s.code_postal, statut: s.statut,
          // The stored position, even when withheld from the public: its managers see what to fix.
          latitude: s.latitude, longitude: s.longitude, horaires: s.horaires,
          structure_id: s.structure_id, source: s.source, source_id: s.source_id,
          flags: s.flags, flags_detail: s.flags.map((f) => ({ slug: f, label: flagLabel(f) })),
          version: s.version, date_maj: s.date_maj, updated_at: r.updated_at.toISOString(),
        };
      }),
      total, page: q.page, pageSize: q.pageSize,
    };
  }

  async detail(id: string) {
    const row = await this.repo.findOneBy({ id });
    if (!row) throw notFound();
    const s = toSnapshot(row);
    // A position flagged outside France or the département is not served until an edit fixes it.
    if (positionWithheld(s.flags)) Object.assign(s, { latitude: null, longitude: null });
    // Unreadable horaires neither: the lieu shows no horaires (and no open state) until fixed.
    if (horairesWithheld(s.flags)) Object.assign(s, { horaires: null });
    const demarches: Array<{ slug: string; libelle: string; theme: string }> = s.demarches.length
      ? await this.repo.manager.query('SELECT slug, libelle, theme FROM demarche WHERE slug = ANY($1::text[]) ORDER BY position, slug', [s.demarches])
      : [];
    // Labels granted by the network (labelling service's events), still valid today.
    const labelsReseau: Array<{ programme_id: string; niveau: string | null; valide_jusqu_au: string | null }> = await this.repo.manager.query(
      `SELECT programme_id, niveau, to_char(valide_jusqu_au, 'YYYY-MM-DD') AS valide_jusqu_au FROM lieu_label
        WHERE lieu_id = $1 AND (valide_jusqu_au IS NULL OR valide_jusqu_au >= (now() AT TIME ZONE 'Europe/Paris')::date) ORDER BY programme_id`,
      [id],
    );
    const labels: Record<string, Array<{ slug: string; label: string }>> = {};
    for (const [field, vocab] of Object.entries(VOCABULARIES)) {
      labels[field] = ((s as Record<string, unknown>)[field] as string[]).map((slug) => ({ slug, label: vocab.labels[slug] ?? slug }));
    }
    const place = { horaires: s.horaires, codeInsee: s.code_insee, latitude: s.latitude, longitude: s.longitude };
    let horairesDescription: unknown = null;
    let ouvert: boolean | null = null;
    let prochaineOuverture: string | null = null;
    if (this.hours && s.horaires) {
      try {
        horairesDescription = this.hours.describe(place);
        ouvert = s.statut === 'actif' ? this.hours.isOpenAt(place) : false;
        const next = ouvert === false && s.statut === 'actif' ? this.hours.nextOpening(place) : null;
        prochaineOuverture = next === null ? null : new Date(next).toISOString();
      } catch {
        // Unreadable horaires are shown as given.
      }
    }
    return {
      ...(s as LieuSnapshot),
      labels,
      labels_reseau: labelsReseau,
      demarches_detail: demarches,
      flags_detail: s.flags.map((f) => ({ slug: f, label: flagLabel(f) })),
      a_verifier: s.flags.includes('a-verifier'),
      horaires_description: horairesDescription,
      ouvert,
      /** When a lieu closed now opens next (within about five weeks), else null. */
      prochaine_ouverture: prochaineOuverture,
      closed_at: row.closed_at?.toISOString() ?? null,
      closed_motif: row.closed_motif,
      created_at: row.created_at.toISOString(),
      updated_at: row.updated_at.toISOString(),
    };
  }

  /** Locks a lieu the user may edit: referents only their structures' lieux (403 otherwise). */
  async lockForEdit(m: EntityManager, u: UserContext, id: string): Promise<Lieu> {
    const row = await m.getRepository(Lieu).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw notFound();
    if (!hasRole(u, ...NETWORK_ROLES)) {
      if (!row.structure_id || !canAccessStructure(u, row.structure_id)) {
        throw new PinError('AUTH.STRUCTURE_SCOPE', "Ce lieu n'appartient pas à votre structure : modification refusée.");
      }
    }
    return row;
  }

  private parseId(id: unknown): string {
    const parsed = lieuIdSchema.safeParse(id);
    if (!parsed.success) throw notFound();
    return parsed.data;
  }
}
