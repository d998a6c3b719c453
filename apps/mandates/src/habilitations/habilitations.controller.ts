import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  createHabilitationSchema,
  decideHabilitationSchema,
  habilitationDecisionSchema,
  HabilitationGrantedV1,
  HabilitationWithdrawnV1,
  listHabilitationsSchema,
  PinError,
  REQUESTS,
  type UserContext,
} from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requireRole, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { isUuid, parse } from '../common/parse';
import { JournalService } from '../journal/journal.service';

interface HabilitationRow {
  id: string;
  structure_id: string;
  structure_nom: string | null;
  aidant_username: string;
  aidant_sub: string | null;
  aidant_nom: string | null;
  statut: string;
  charte_signee_le: Date | null;
  formation_suivie_le: Date | null;
  demandee_le: Date;
  demandee_par: string;
  decidee_le: Date | null;
  decidee_par: string | null;
  motif: string | null;
}

const SELECT = `SELECT h.*, ks.nom AS structure_nom FROM habilitation h LEFT JOIN known_structure ks ON ks.id = h.structure_id`;

function present(r: HabilitationRow) {
  return {
    id: r.id,
    structureId: r.structure_id,
    structure: r.structure_nom ? { nom: r.structure_nom } : null,
    aidant: { username: r.aidant_username, nom: r.aidant_nom },
    statut: r.statut,
    charteSignee: r.charte_signee_le !== null,
    formationSuivie: r.formation_suivie_le !== null,
    demandeeLe: r.demandee_le.toISOString(),
    demandeePar: r.demandee_par,
    decideeLe: r.decidee_le?.toISOString() ?? null,
    decideePar: r.decidee_par,
    motif: r.motif,
  };
}

/**
 * Habilitation of aidants: requested by the structure's referent with its prerequisites (charte
 * signed, training completed), granted or refused by an animateur, withdrawable.
 */
@Controller()
export class HabilitationsController {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: JournalService,
  ) {}

  @MessagePattern(REQUESTS.mandates.habilitationList)
  async list(@Payload() p: Record<string, unknown>) {
    const user = requireRole(RequestContext.get()?.user, 'aidant', 'mediateur', 'referent', 'animateur', 'admin');
    const q = parse(listHabilitationsSchema, p);
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.structureId) {
      if (!canAccessStructure(user, q.structureId)) requireStructureScope(user, q.structureId);
      params.push(q.structureId);
      where.push(`h.structure_id = $${params.length}`);
    }
    if (q.statut) {
      params.push(q.statut);
      where.push(`h.statut = $${params.length}`);
    }
    if (!hasRole(user, ...NETWORK_ROLES)) {
      params.push(user.structures);
      const own = `h.structure_id = ANY($${params.length}::uuid[])`;
      if (hasRole(user, 'referent')) where.push(own);
      else {
        params.push(user.username);
        where.push(`${own} AND h.aidant_username = $${params.length}`);
      }
    }
    const rows = (await this.outbox.run((m) => m.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.demandee_le DESC LIMIT 200`, params))) as HabilitationRow[];
    return { items: rows.map(present) };
  }

  @MessagePattern(REQUESTS.mandates.habilitationCreate)
  async create(@Payload() p: Record<string, unknown>) {
    const user = requireRole(RequestContext.get()?.user, 'referent', 'animateur', 'admin');
    const body = parse(createHabilitationSchema, p);
    requireStructureScope(user, body.structureId);
    const id = randomUUID();
    try {
      return await this.outbox.run(async (m) => {
        await m.query(
          `INSERT INTO habilitation (id, structure_id, aidant_username, aidant_nom, statut, charte_signee_le, formation_suivie_le, demandee_le, demandee_par)
           VALUES ($1, $2, $3, $4, 'demandee', CASE WHEN $5 THEN now() END, CASE WHEN $6 THEN now() END, now(), $7)`,
          [id, body.structureId, body.aidant, body.aidantNom ?? null, body.charteSignee, body.formationSuivie, user.username],
        );
        await this.journal.append(m, [
          { action: 'habilitation.demandee', structureId: body.structureId, actorSub: user.sub, data: { habilitationId: id, aidant: body.aidant, charteSignee: body.charteSignee, formationSuivie: body.formationSuivie } },
        ]);
        return present(await load(m, id));
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new PinError('HABILITATION.EXISTE_DEJA', 'Une demande ou une habilitation existe déjà pour cet aidant dans cette structure.');
      }
      throw err;
    }
  }

  @MessagePattern(REQUESTS.mandates.habilitationDecide)
  async decide(@Payload() p: { id?: unknown; decision?: unknown; body?: unknown }) {
    const user = requireRole(RequestContext.get()?.user, 'referent', 'animateur', 'admin');
    const decision = parse(habilitationDecisionSchema, p?.decision);
    const { motif } = parse(decideHabilitationSchema, p?.body ?? {});
    if (decision !== 'retirer' && !hasRole(user, 'animateur', 'admin')) {
      throw new PinError('AUTH.FORBIDDEN', 'Seul un animateur du réseau peut accorder ou refuser une habilitation.');
    }
    return this.outbox.run(async (m, events) => {
      const row = await load(m, p?.id, true);
      if (!canAccessStructure(user, row.structure_id)) throw new PinError('HABILITATION.INTROUVABLE', 'Habilitation introuvable.');
      const allowedFrom: Record<string, string[]> = { accorder: ['demandee'], refuser: ['demandee'], retirer: ['accordee', 'demandee'] };
      if (!allowedFrom[decision].includes(row.statut)) {
        throw new PinError('HABILITATION.DECISION_IMPOSSIBLE', `Cette habilitation est « ${row.statut} » : décision impossible.`);
      }
      if (decision === 'accorder' && (!row.charte_signee_le || !row.formation_suivie_le)) {
        throw new PinError('HABILITATION.PREREQUIS_MANQUANTS', "L'aidant doit avoir signé la charte et suivi la formation avant d'être habilité.", {
          charteSignee: !!row.charte_signee_le,
          formationSuivie: !!row.formation_suivie_le,
        });
      }
      const statut = { accorder: 'accordee', refuser: 'refusee', retirer: 'retiree' }[decision];
      await m.query(`UPDATE habilitation SET statut = $2, decidee_le = now(), decidee_par = $3, motif = $4 WHERE id = $1`, [row.id, statut, user.username, motif ?? null]);
      const action = ({ accorder: 'habilitation.accordee', refuser: 'habilitation.refusee', retirer: 'habilitation.retiree' } as const)[decision];
      await this.journal.append(m, [{ action, structureId: row.structure_id, actorSub: user.sub, data: { habilitationId: row.id, aidant: row.aidant_username } }]);
      const data = { habilitationId: row.id, structureId: row.structure_id, aidantUsername: row.aidant_username, aidantSub: row.aidant_sub };
      const correlationId = RequestContext.correlationId();
      if (decision === 'accorder') events.record(HabilitationGrantedV1, { subject: row.id, data, correlationId });
      // Only a granted habilitation is "withdrawn" for other services; a pending request is just closed.
      if (decision === 'retirer' && row.statut === 'accordee') events.record(HabilitationWithdrawnV1, { subject: row.id, data: { ...data, motif: motif ?? null }, correlationId });
      return present(await load(m, row.id));
    });
  }
}

async function load(m: EntityManager, id: unknown, forUpdate = false): Promise<HabilitationRow> {
  if (!isUuid(id)) throw new PinError('HABILITATION.INTROUVABLE', 'Habilitation introuvable.');
  const rows = (await m.query(`${SELECT} WHERE h.id = $1 ${forUpdate ? 'FOR UPDATE OF h' : ''}`, [id])) as HabilitationRow[];
  if (!rows[0]) throw new PinError('HABILITATION.INTROUVABLE', 'Habilitation introuvable.');
  return rows[0];
}

/** The acting user's granted habilitation in a structure (records their `sub` on first use). */
export async function requireHabilitation(m: EntityManager, user: UserContext, structureId: string): Promise<void> {
  const [rows] = (await m.query(
    `UPDATE habilitation SET aidant_sub = $3 WHERE structure_id = $1 AND statut = 'accordee' AND (aidant_sub = $3 OR (aidant_sub IS NULL AND aidant_username = $2)) RETURNING id`,
    [structureId, user.username, user.sub],
  )) as [unknown[], number];
  if (rows.length === 0) {
    throw new PinError('MANDAT.AIDANT_NON_HABILITE', "Vous n'êtes pas habilité·e à créer des mandats pour cette structure. Demandez à votre référent une habilitation.");
  }
}

/** Records the acting user's `sub` on their habilitations (the authorization check matches on it). */
export async function noteAidantSub(m: EntityManager, user: UserContext): Promise<void> {
  await m.query(`UPDATE habilitation SET aidant_sub = $2 WHERE aidant_username = $1 AND aidant_sub IS NULL`, [user.username, user.sub]);
}
