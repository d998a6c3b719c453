import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { createSignalementSchema, lieuIdSchema, listSignalementsSchema, PinError, SERVICES, SIGNALEMENT_MOTIF_FIELDS, type SignalementListItem, type SignalementListReply, type SignalementMotif, ReportCreatedV1, ReportResolvedV1, resolveSignalementSchema, signalementIdSchema, type UpdateLieuDto, type UserContext, POLICIES, parsePayload } from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { Lieu } from '../lieux/lieu.entity';
import { LieuWriter } from '../lieux/lieu-writer';
import { LieuxService } from '../lieux/lieux.service';
import { Signalement } from './signalement.entity';

/** Open "n'existe plus" reports from which a lieu is shown « à vérifier ». */
export const A_VERIFIER_THRESHOLD = 2;
const notFound = () => new PinError('SIGNALEMENT.NOT_FOUND', 'Signalement introuvable.');

function reportData(s: Signalement, structureId: string | null) {
  return {
    id: s.id, lieu_id: s.lieu_id, structure_id: structureId, motif: s.motif, commentaire: s.commentaire, statut: s.statut,
    created_at: s.created_at.toISOString(),
  };
}

/**
 * Signalements: anyone reports an error on a lieu; the report appears in the queue of the lieu's
 * structure referents and of the animateurs, who correct the lieu (through LieuWriter, in the
 * same transaction) or dismiss the report with a reason.
 */
@Injectable()
export class SignalementsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly writer: LieuWriter,
    private readonly lieux: LieuxService,
    private readonly ds: DataSource,
  ) {}

  async create(lieuId: unknown, input: unknown) {
    const id = lieuIdSchema.safeParse(lieuId);
    if (!id.success) throw new PinError('LIEU.NOT_FOUND', 'Lieu introuvable.');
    const dto = parsePayload(createSignalementSchema, input);
    const saved = await this.outbox.run(async (m, events) => {
      const lieu = await m.getRepository(Lieu).findOneBy({ id: id.data });
      if (!lieu) throw new PinError('LIEU.NOT_FOUND', 'Lieu introuvable.');
      if (lieu.statut === 'ferme') throw new PinError('LIEU.CLOSED', 'Ce lieu est déjà signalé comme fermé.');
      const repo = m.getRepository(Signalement);
      const row = repo.create({
        id: randomUUID(), lieu_id: lieu.id, motif: dto.motif, commentaire: dto.commentaire || null, email: dto.email ?? null, statut: 'ouvert',
        resolution_motif: null, resolu_par: null, created_at: new Date(), resolved_at: null,
      });
      await repo.insert(row);
      events.record(ReportCreatedV1, { subject: row.id, data: reportData(row, lieu.structure_id), correlationId: RequestContext.correlationId() });
      if (dto.motif === 'n-existe-plus') await this.refreshAVerifier(m, events, lieu.id);
      return row;
    });
    return { id: saved.id, statut: saved.statut, message: 'Merci : votre signalement a été transmis aux personnes qui gèrent ce lieu.' };
  }

  async list(user: UserContext | undefined, input: unknown): Promise<SignalementListReply> {
    const u = requirePolicy(user, POLICIES.signalement.moderate);
    const q = parsePayload(listSignalementsSchema, input ?? {});
    const where: string[] = [];
    const params: unknown[] = [];
    if (!hasRole(u, ...NETWORK_ROLES) && !u.structures.includes('*')) {
      params.push(u.structures);
      where.push(`l.structure_id = ANY($${params.length}::uuid[])`);
    }
    if (q.statut) {
      params.push(q.statut);
      where.push(`s.statut = $${params.length}`);
    }
    if (q.lieu_id) {
      params.push(q.lieu_id);
      where.push(`s.lieu_id = $${params.length}`);
    }
    const sqlWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const m = this.ds;
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM signalement s JOIN lieu l ON l.id = s.lieu_id ${sqlWhere}`, params);
    const rows = await m.query(
      `SELECT s.id, s.lieu_id, s.motif, s.commentaire, s.email, s.statut, s.resolution_motif, s.resolu_par, s.created_at, s.resolved_at,
              l.nom AS lieu_nom, l.commune AS lieu_commune, l.structure_id, l.statut AS lieu_statut, l.version AS lieu_version,
              l.horaires AS l_horaires, l.services AS l_services, l.adresse AS l_adresse, l.complement_adresse AS l_complement_adresse,
              l.code_postal AS l_code_postal, l.code_insee AS l_code_insee, ST_Y(l.location::geometry) AS l_latitude,
              ST_X(l.location::geometry) AS l_longitude, l.telephone AS l_telephone, l.courriels AS l_courriels, l.site_web AS l_site_web
         FROM signalement s JOIN lieu l ON l.id = s.lieu_id ${sqlWhere}
        ORDER BY (s.statut = 'ouvert') DESC, s.created_at DESC, s.id
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
      params,
    );
    return {
      items: rows.map((r: Record<string, unknown>) => {
        const report: Record<string, unknown> = {};
        const lieu: Record<string, unknown> = { statut: r.lieu_statut, commune: r.lieu_commune };
        for (const [k, v] of Object.entries(r)) {
          if (k.startsWith('l_')) lieu[k.slice(2)] = v;
          else report[k] = v;
        }
        return {
          ...report,
          created_at: (r.created_at as Date).toISOString(),
          resolved_at: r.resolved_at ? (r.resolved_at as Date).toISOString() : null,
          ...currentValue(r.motif as SignalementMotif, lieu),
        } as SignalementListItem;
      }),
      total, page: q.page, pageSize: q.pageSize,
    };
  }

  async resolve(user: UserContext | undefined, id: unknown, input: unknown) {
    const u = requirePolicy(user, POLICIES.signalement.moderate);
    const sid = signalementIdSchema.safeParse(id);
    if (!sid.success) throw notFound();
    const dto = parsePayload(resolveSignalementSchema, input);
    return this.outbox.run(async (m, events) => {
      const repo = m.getRepository(Signalement);
      const s = await repo.findOne({ where: { id: sid.data }, lock: { mode: 'pessimistic_write' } });
      if (!s) throw notFound();
      const lieu = await m.getRepository(Lieu).findOneBy({ id: s.lieu_id });
      // A referent of another structure learns nothing about this report.
      if (!lieu || (!hasRole(u, ...NETWORK_ROLES) && (!lieu.structure_id || !canAccessStructure(u, lieu.structure_id)))) throw notFound();
      if (s.statut !== 'ouvert') throw new PinError('SIGNALEMENT.ALREADY_RESOLVED', 'Ce signalement a déjà été traité.', { statut: s.statut });
      let changed: string[] = [];
      if (dto.action === 'corriger') {
        const row = await this.lieux.lockForEdit(m, u, lieu.id);
        if (dto.correction) changed = await this.lieux.applyCorrection(m, events, row, dto.correction as UpdateLieuDto);
        if (dto.fermer) {
          await this.writer.close(m, events, lieu.id, { motif: dto.motif, correlationId: RequestContext.correlationId() });
          changed = [...changed, 'statut'];
        }
      }
      const now = new Date();
      s.statut = dto.action === 'corriger' ? 'corrige' : 'rejete';
      s.resolution_motif = dto.motif;
      s.resolu_par = u.username;
      s.resolved_at = now;
      await repo.update({ id: s.id }, { statut: s.statut, resolution_motif: s.resolution_motif, resolu_par: s.resolu_par, resolved_at: now });
      events.record(ReportResolvedV1, {
        subject: s.id,
        data: { ...reportData(s, lieu.structure_id), resolution_motif: dto.motif, resolu_par: u.username, resolved_at: now.toISOString(), changed },
        correlationId: RequestContext.correlationId(),
      });
      if (s.motif === 'n-existe-plus') await this.refreshAVerifier(m, events, lieu.id);
      return { id: s.id, statut: s.statut, resolution_motif: s.resolution_motif, resolu_par: s.resolu_par, resolved_at: now.toISOString(), changed };
    });
  }

  /** 'a-verifier' while at least A_VERIFIER_THRESHOLD "n'existe plus" reports are open. */
  private async refreshAVerifier(m: EntityManager, events: EventRecorder, lieuId: string): Promise<void> {
    const [{ n }] = await m.query(
      `SELECT count(*)::int AS n FROM signalement WHERE lieu_id = $1 AND motif = 'n-existe-plus' AND statut = 'ouvert'`,
      [lieuId],
    );
    await this.writer.setFlag(m, events, lieuId, 'a-verifier', n >= A_VERIFIER_THRESHOLD, RequestContext.correlationId());
  }
}

/** The lieu's current value of the fields a report's motif is about (« valeur actuelle »), raw and in plain French. */
export function currentValue(
  motif: SignalementMotif,
  lieu: Record<string, unknown>,
): Pick<SignalementListItem, 'champs' | 'valeur_actuelle' | 'valeur_actuelle_texte'> {
  const champs = [...(SIGNALEMENT_MOTIF_FIELDS[motif] ?? [])] as string[];
  if (champs.length === 0) return { champs, valeur_actuelle: null, valeur_actuelle_texte: null };
  const valeur: Record<string, unknown> = {};
  for (const c of champs) {
    const v = lieu[c];
    valeur[c] = v === undefined ? null : (c === 'latitude' || c === 'longitude') && v !== null ? Number(v) : v;
  }
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const none = 'non renseigné';
  let texte: string;
  switch (motif) {
    case 'n-existe-plus':
      texte = valeur.statut === 'ferme' ? 'Lieu fermé' : 'Lieu ouvert (actif)';
      break;
    case 'horaires':
      texte = typeof valeur.horaires === 'string' && valeur.horaires ? valeur.horaires : `Horaires : ${none}`;
      break;
    case 'services':
      texte = list(valeur.services).map((slug) => (SERVICES.labels as Record<string, string>)[slug] ?? slug).join(', ') || `Services : ${none}`;
      break;
    case 'adresse': {
      const street = [valeur.adresse, valeur.complement_adresse].filter(Boolean).join(', ');
      const position = valeur.latitude === null || valeur.longitude === null ? 'position non renseignée' : `position ${valeur.latitude}, ${valeur.longitude}`;
      texte = `${street}, ${String(valeur.code_postal ?? '')} ${String(lieu.commune ?? '')} (${position})`.replace(/\s+/g, ' ').trim();
      break;
    }
    case 'contacts': {
      const parts = [
        `Téléphone : ${typeof valeur.telephone === 'string' && valeur.telephone ? valeur.telephone : none}`,
        `Courriel : ${list(valeur.courriels).join(', ') || none}`,
        `Site web : ${list(valeur.site_web).join(', ') || none}`,
      ];
      texte = parts.join(' ; ');
      break;
    }
    case 'autre':
      texte = '';
  }
  return { champs, valeur_actuelle: valeur, valeur_actuelle_texte: texte || null };
}
