import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  idParamsSchema, LabelExpiredV1, LabelGrantedV1, LabelRevokedV1, listLabelsSchema, nationalLabelSchema, parsePayload, PinError, POLICIES, revokeLabelSchema,
  type EventDefinition, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox, type EventRecorder } from '@pin/messaging';
import { RequestContext } from '@pin/observability';
import { Journal } from '../journal/journal';
import { ProgrammeRepository } from '../programmes/programme.repository';

export interface LabelRow {
  id: string;
  programme_id: string;
  niveau: string | null;
  lieu_id: string;
  structure_id: string | null;
  dossier_id: string | null;
  preuve: string | null;
  depuis: string;
  jusqu_au: string | null;
  statut: 'actif' | 'retire' | 'expire' | 'renouvele';
  rappel_le: Date | null;
}

const SELECT = `SELECT id, programme_id, niveau, lieu_id, structure_id, dossier_id, preuve, to_char(depuis, 'YYYY-MM-DD') AS depuis,
  to_char(jusqu_au, 'YYYY-MM-DD') AS jusqu_au, statut, rappel_le FROM label`;

export const presentLabel = (r: LabelRow) => ({
  id: r.id,
  programmeId: r.programme_id,
  niveau: r.niveau,
  lieuId: r.lieu_id,
  structureId: r.structure_id,
  dossierId: r.dossier_id,
  preuve: r.preuve,
  depuis: r.depuis,
  jusquAu: r.jusqu_au,
  statut: r.statut,
  rappelEnvoye: r.rappel_le !== null,
});

/** Today in Paris (labels and passes are valid by calendar day, French time). */
export const parisToday = (now = new Date()) => now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

export interface GrantInput {
  programmeId: string;
  niveau: string | null;
  lieuId: string;
  structureId: string | null;
  dossierId: string | null;
  preuve: string | null;
  depuis: string;
  jusquAu: string | null;
  actorSub: string;
}

/** Labels held by lieux: granted after review or recorded as national facts; withdrawn, expired, renewed. */
@Injectable()
export class LabelsService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
    private readonly programmes: ProgrammeRepository,
  ) {}

  /** Grants in the caller's transaction: the new label supersedes the lieu's active label of the same programme. */
  async grant(m: EntityManager, events: EventRecorder, g: GrantInput): Promise<LabelRow> {
    const id = randomUUID();
    await m.query(`UPDATE label SET statut = 'renouvele', fin_le = now() WHERE lieu_id = $1 AND programme_id = $2 AND statut = 'actif'`, [g.lieuId, g.programmeId]);
    await m.query(
      `INSERT INTO label (id, programme_id, niveau, lieu_id, structure_id, dossier_id, preuve, depuis, jusqu_au, statut) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'actif')`,
      [id, g.programmeId, g.niveau, g.lieuId, g.structureId, g.dossierId, g.preuve, g.depuis, g.jusquAu],
    );
    const row = await this.load(m, id);
    await this.journal.append(m, [{ action: 'label.accorde', subjectId: id, structureId: g.structureId, actorSub: g.actorSub, data: { programmeId: g.programmeId, niveau: g.niveau, lieuId: g.lieuId, dossierId: g.dossierId, jusquAu: g.jusquAu } }]);
    this.emit(events, LabelGrantedV1, row);
    return row;
  }

  emit(events: EventRecorder, definition: EventDefinition, r: LabelRow): void {
    events.record(definition, {
      subject: r.id,
      data: { labelId: r.id, programmeId: r.programme_id, niveau: r.niveau, lieuId: r.lieu_id, structureId: r.structure_id, validUntil: r.jusqu_au },
      correlationId: RequestContext.correlationId(),
    });
  }

  async load(m: EntityManager, id: string): Promise<LabelRow> {
    const [r] = (await m.query(`${SELECT} WHERE id = $1`, [id])) as LabelRow[];
    if (!r) throw new PinError('LABEL.NOT_FOUND', 'Label introuvable.');
    return r;
  }

  async list(rpc: RpcEnvelope) {
    const q = parsePayload(listLabelsSchema, rpc.query);
    return this.outbox.run(async (m) => {
      const rows = (await m.query(
        `${SELECT} WHERE statut = 'actif' AND ($1::uuid IS NULL OR lieu_id = $1) AND ($2::text IS NULL OR programme_id = $2) ORDER BY accorde_le DESC LIMIT 500`,
        [q.lieuId ?? null, q.programmeId ?? null],
      )) as LabelRow[];
      return { items: rows.map(presentLabel) };
    });
  }

  async revoke(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    const body = parsePayload(revokeLabelSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const [[row]] = (await m.query(`UPDATE label SET statut = 'retire', fin_le = now(), motif_retrait = $2 WHERE id = $1 AND statut = 'actif' RETURNING id`, [id, body.motif])) as [Array<{ id: string }>, number];
      if (!row) {
        await this.load(m, id);
        throw new PinError('LABEL.NOT_ACTIVE', 'Ce label n’est plus en cours de validité.');
      }
      const label = await this.load(m, id);
      await this.journal.append(m, [{ action: 'label.retire', subjectId: id, structureId: label.structure_id, actorSub: u.sub, data: { lieuId: label.lieu_id, programmeId: label.programme_id } }]);
      // The reason is free text written by a person: kept in the row, never in the journal or the event.
      this.emit(events, LabelRevokedV1, label);
      return presentLabel(label);
    });
  }

  /** A national label recorded as a fact, with its proof and dates. */
  async national(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parsePayload(nationalLabelSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const p = await this.programmes.get(m, body.programmeId);
      if (p.nature !== 'national') throw new PinError('PROGRAMME.NOT_NATIONAL', 'Ce programme n’est pas un label national : il s’obtient par un dossier.');
      const [lieu] = (await m.query(`SELECT structure_id FROM known_lieu WHERE id = $1`, [body.lieuId])) as Array<{ structure_id: string | null }>;
      if (!lieu) throw new PinError('DOSSIER.UNKNOWN_LIEU', 'Lieu inconnu de l’annuaire.');
      return presentLabel(
        await this.grant(m, events, {
          programmeId: p.id, niveau: null, lieuId: body.lieuId, structureId: lieu.structure_id, dossierId: null, preuve: body.preuve, depuis: body.depuis, jusquAu: body.jusquAu ?? null, actorSub: u.sub,
        }),
      );
    });
  }

  /** Renewal: a new draft dossier for the same lieu, programme and level, with the previous answers. */
  async renew(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run(async (m) => {
      const label = await this.load(m, id);
      if (!label.structure_id || !label.dossier_id) throw new PinError('LABEL.NOT_ACTIVE', 'Ce label ne se renouvelle pas par un dossier.');
      requireStructureScope(u, label.structure_id);
      if (label.statut !== 'actif' && label.statut !== 'expire') throw new PinError('LABEL.NOT_ACTIVE', 'Ce label a été retiré ou déjà renouvelé.');
      const dossierId = randomUUID();
      try {
        await m.query(
          // A renewal is a new dossier: it follows the programme's current version.
          `INSERT INTO dossier (id, programme_id, niveau, lieu_id, structure_id, statut, renouvelle_label_id, cree_par, programme_version)
           VALUES ($1, $2, $3, $4, $5, 'brouillon', $6, $7, (SELECT version FROM programme WHERE id = $2))`,
          [dossierId, label.programme_id, label.niveau, label.lieu_id, label.structure_id, label.id, u.sub],
        );
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new PinError('DOSSIER.ALREADY_OPEN', 'Un dossier est déjà en cours pour ce lieu et ce label.');
        throw err;
      }
      await m.query(
        `INSERT INTO dossier_reponse (dossier_id, critere_id, reponse, preuve, aidants) SELECT $1, critere_id, reponse, preuve, aidants FROM dossier_reponse WHERE dossier_id = $2`,
        [dossierId, label.dossier_id],
      );
      await this.journal.append(m, [{ action: 'dossier.cree', subjectId: dossierId, structureId: label.structure_id, actorSub: u.sub, data: { renouvelleLabelId: label.id } }]);
      return { id: dossierId, statut: 'brouillon' as const, renouvelleLabelId: label.id };
    });
  }

  /** Expiry scan: reminders before the end, then `expire` (with its event) once past the last day. */
  async scan(reminderDays: number, today = parisToday()): Promise<{ rappels: number; expires: number }> {
    return this.outbox.run(async (m, events) => {
      const [reminded] = (await m.query(
        `UPDATE label SET rappel_le = now() WHERE statut = 'actif' AND jusqu_au IS NOT NULL AND rappel_le IS NULL AND jusqu_au <= $1::date + $2::int AND jusqu_au >= $1::date
         RETURNING id, structure_id, lieu_id, to_char(jusqu_au, 'YYYY-MM-DD') AS jusqu_au`,
        [today, reminderDays],
      )) as [Array<{ id: string; structure_id: string | null; lieu_id: string; jusqu_au: string }>, number];
      await this.journal.append(m, reminded.map((r) => ({ action: 'label.rappel_renouvellement', subjectId: r.id, structureId: r.structure_id, data: { lieuId: r.lieu_id, jusquAu: r.jusqu_au } })));
      const [expired] = (await m.query(`UPDATE label SET statut = 'expire', fin_le = now() WHERE statut = 'actif' AND jusqu_au < $1::date RETURNING id`, [today])) as [Array<{ id: string }>, number];
      for (const e of expired) {
        const row = await this.load(m, e.id);
        this.emit(events, LabelExpiredV1, row);
      }
      await this.journal.append(m, expired.map((e) => ({ action: 'label.expire', subjectId: e.id, data: {} })));
      return { rappels: reminded.length, expires: expired.length };
    });
  }
}
