import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  createDossierSchema, dossierAnswersSchema, idParamsSchema, listDossiersSchema, parsePayload, PinError, POLICIES, reviewDossierSchema,
  type DossierStatut, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { Journal } from '../journal/journal';
import { LabelsService, parisToday, presentLabel } from '../labels/labels.service';
import { piecesOf } from '../pieces/piece-rows';
import { ProgrammeRepository } from '../programmes/programme.repository';
import { transition, unansweredMandatory, validUntil, type DossierAction } from './dossier-rules';

interface DossierRow {
  id: string;
  programme_id: string;
  /** The programme version the dossier was opened on: its rules, whatever later edits say. */
  programme_version: number;
  niveau: string;
  lieu_id: string;
  structure_id: string;
  statut: DossierStatut;
  renouvelle_label_id: string | null;
  cree_le: Date;
  depose_le: Date | null;
  instructeur_sub: string | null;
  decide_le: Date | null;
  motif: string | null;
}

const dossierNotFound = () => new PinError('DOSSIER.NOT_FOUND', 'Dossier introuvable.');

/**
 * Dossiers of the territorial label: a referent applies for one of their lieux, answers each
 * criterion and submits; an animateur (never of the dossier's structure) takes it, comments each
 * criterion and decides. Every transition is journaled; a grant emits `label.granted`.
 */
@Injectable()
export class DossiersService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
    private readonly programmes: ProgrammeRepository,
    private readonly labels: LabelsService,
  ) {}

  async create(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const body = parsePayload(createDossierSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const p = await this.programmes.get(m, body.programmeId);
      if (p.nature !== 'territorial') throw new PinError('PROGRAMME.NOT_FOUND', 'Ce label national ne s’obtient pas par un dossier du réseau.');
      if (!(await this.programmes.niveaux(m, p.id)).some((n) => n.id === body.niveau)) throw new PinError('PROGRAMME.UNKNOWN_LEVEL', 'Niveau inconnu pour ce label.');
      const [lieu] = (await m.query(`SELECT structure_id, statut FROM known_lieu WHERE id = $1`, [body.lieuId])) as Array<{ structure_id: string | null; statut: string }>;
      if (!lieu || !lieu.structure_id || lieu.statut === 'ferme') throw new PinError('DOSSIER.UNKNOWN_LIEU', 'Lieu inconnu de l’annuaire, fermé ou sans structure.');
      requireStructureScope(u, lieu.structure_id);
      const id = randomUUID();
      try {
        await m.query(`INSERT INTO dossier (id, programme_id, niveau, lieu_id, structure_id, statut, cree_par, programme_version) VALUES ($1, $2, $3, $4, $5, 'brouillon', $6, $7)`, [
          id, p.id, body.niveau, body.lieuId, lieu.structure_id, u.sub, p.version,
        ]);
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw new PinError('DOSSIER.ALREADY_OPEN', 'Un dossier est déjà en cours pour ce lieu et ce label.');
        throw err;
      }
      await this.journal.append(m, [{ action: 'dossier.cree', subjectId: id, structureId: lieu.structure_id, actorSub: u.sub, data: { programmeId: p.id, niveau: body.niveau, lieuId: body.lieuId } }]);
      return this.present(m, await this.load(m, id));
    });
  }

  async list(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const q = parsePayload(listDossiersSchema, rpc.query);
    const network = hasRole(u, ...NETWORK_ROLES);
    return this.outbox.run(async (m) => {
      // The network's queue: submitted dossiers first (oldest first), never their own structure's to review.
      const rows = (await m.query(
        `SELECT * FROM dossier WHERE ($1::text IS NULL OR statut = $1) AND ($2::uuid[] IS NULL OR structure_id = ANY($2::uuid[]))
          ORDER BY CASE statut WHEN 'depose' THEN 0 WHEN 'en_instruction' THEN 1 ELSE 2 END, COALESCE(depose_le, cree_le) LIMIT 500`,
        [q.statut ?? null, network ? null : u.structures.filter((s) => s !== '*')],
      )) as DossierRow[];
      return { items: rows.map((d) => ({ ...this.summary(d), instruisable: network && !u.structures.includes(d.structure_id) })) };
    });
  }

  async get(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run(async (m) => {
      const d = await this.load(m, id);
      requireStructureScope(u, d.structure_id);
      return this.present(m, d);
    });
  }

  async answer(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    const body = parsePayload(dossierAnswersSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const d = await this.lock(m, id);
      requireStructureScope(u, d.structure_id);
      transition(d.statut, 'repondre');
      const known = new Set((await this.programmes.criteres(m, d.programme_id, d.programme_version)).map((c) => c.id));
      const unknown = body.reponses.filter((r) => !known.has(r.critereId)).map((r) => r.critereId);
      if (unknown.length) throw new PinError('DOSSIER.UNKNOWN_CRITERION', `Critère inconnu : ${unknown.join(', ')}.`);
      for (const r of body.reponses) {
        await m.query(
          `INSERT INTO dossier_reponse (dossier_id, critere_id, reponse, preuve, aidants) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (dossier_id, critere_id) DO UPDATE SET reponse = EXCLUDED.reponse, preuve = EXCLUDED.preuve, aidants = EXCLUDED.aidants, modifie_le = now()`,
          [id, r.critereId, r.reponse, r.preuve ?? null, r.aidants ?? []],
        );
      }
      await this.journal.append(m, [{ action: 'dossier.reponses', subjectId: id, structureId: d.structure_id, actorSub: u.sub, data: { criteres: body.reponses.map((r) => r.critereId) } }]);
      return this.present(m, d);
    });
  }

  async submit(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.apply);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run(async (m) => {
      const d = await this.lock(m, id);
      requireStructureScope(u, d.structure_id);
      const next = transition(d.statut, 'deposer');
      const criteres = await this.programmes.criteres(m, d.programme_id, d.programme_version);
      const rang = (await this.programmes.niveaux(m, d.programme_id, d.programme_version)).find((n) => n.id === d.niveau)!.rang;
      const answers = (await m.query(`SELECT critere_id, aidants FROM dossier_reponse WHERE dossier_id = $1`, [id])) as Array<{ critere_id: string; aidants: string[] }>;
      const missing = unansweredMandatory(criteres, rang, new Set(answers.map((a) => a.critere_id)));
      if (missing.length) {
        throw new PinError('DOSSIER.MANDATORY_UNANSWERED', 'Des critères obligatoires n’ont pas de réponse.', missing.map((c) => ({ path: c, message: 'Réponse obligatoire pour ce niveau.' })));
      }
      // « Aidant formé »: at least one named aidant holds training's certification (projection).
      for (const c of criteres.filter((c) => c.verification === 'aidant-forme')) {
        const a = answers.find((x) => x.critere_id === c.id);
        if (!a) continue;
        const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM known_certification WHERE aidant_sub = ANY($1::text[])`, [a.aidants])) as Array<{ n: number }>;
        if (n === 0) throw new PinError('DOSSIER.AIDANT_NOT_CERTIFIED', 'Aucun des aidants indiqués n’a suivi la formation requise (attestation du parcours d’habilitation).', [{ path: c.id, message: 'Aidant formé : aucune certification trouvée.' }]);
      }
      await this.move(m, d, next, 'dossier.depose', u.sub, {});
      await m.query(`UPDATE dossier SET depose_le = now() WHERE id = $1`, [id]);
      return this.present(m, await this.load(m, id));
    });
  }

  async take(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.review);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run(async (m) => {
      const d = await this.lock(m, id);
      this.notOwnStructure(u, d);
      const next = transition(d.statut, 'instruire');
      await m.query(`UPDATE dossier SET instructeur_sub = $2 WHERE id = $1`, [id, u.sub]);
      await this.move(m, d, next, 'dossier.en_instruction', u.sub, {});
      return this.present(m, await this.load(m, id));
    });
  }

  async review(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.review);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    const body = parsePayload(reviewDossierSchema, rpc.body);
    return this.outbox.run(async (m, events) => {
      const d = await this.lock(m, id);
      this.notOwnStructure(u, d);
      const action: DossierAction = body.decision === 'accorder' ? 'accorder' : body.decision === 'refuser' ? 'refuser' : 'modifications';
      const next = transition(d.statut, action);
      const known = new Set((await this.programmes.criteres(m, d.programme_id, d.programme_version)).map((c) => c.id));
      const unknown = body.commentaires.filter((c) => !known.has(c.critereId)).map((c) => c.critereId);
      if (unknown.length) throw new PinError('DOSSIER.UNKNOWN_CRITERION', `Critère inconnu : ${unknown.join(', ')}.`);
      for (const c of body.commentaires) {
        await m.query(`INSERT INTO dossier_avis (dossier_id, critere_id, conforme, commentaire, instructeur_sub) VALUES ($1, $2, $3, $4, $5)`, [id, c.critereId, c.conforme, c.commentaire ?? null, u.sub]);
      }
      if (next !== 'modifications_demandees') await m.query(`UPDATE dossier SET decide_le = now(), motif = $2 WHERE id = $1`, [id, body.motif ?? null]);
      const journalAction = { modifications_demandees: 'dossier.modifications_demandees', accorde: 'dossier.accorde', refuse: 'dossier.refuse' }[next as 'accorde'];
      await this.move(m, d, next, journalAction, u.sub, { nonConformes: body.commentaires.filter((c) => !c.conforme).map((c) => c.critereId) });
      let label = null;
      if (next === 'accorde') {
        // The validity of the version the dossier was opened on.
        const validiteMois = await this.programmes.validiteMois(m, d.programme_id, d.programme_version);
        const depuis = parisToday();
        label = presentLabel(
          await this.labels.grant(m, events, {
            programmeId: d.programme_id, niveau: d.niveau, lieuId: d.lieu_id, structureId: d.structure_id, dossierId: d.id, preuve: null,
            depuis, jusquAu: validiteMois ? validUntil(depuis, validiteMois) : null, actorSub: u.sub,
          }),
        );
      }
      return { ...(await this.present(m, await this.load(m, id))), label };
    });
  }

  private notOwnStructure(u: UserContext, d: DossierRow): void {
    if (u.structures.includes(d.structure_id)) throw new PinError('DOSSIER.OWN_STRUCTURE', 'Vous ne pouvez pas instruire le dossier de votre propre structure.');
  }

  private async move(m: EntityManager, d: DossierRow, next: DossierStatut, action: string, actorSub: string, data: Record<string, unknown>): Promise<void> {
    await m.query(`UPDATE dossier SET statut = $2 WHERE id = $1`, [d.id, next]);
    await this.journal.append(m, [{ action, subjectId: d.id, structureId: d.structure_id, actorSub, data: { de: d.statut, vers: next, ...data } }]);
  }

  private async load(m: EntityManager, id: string): Promise<DossierRow> {
    const [d] = (await m.query(`SELECT * FROM dossier WHERE id = $1`, [id])) as DossierRow[];
    if (!d) throw dossierNotFound();
    return d;
  }

  /** The dossier's row, locked for the transition (concurrent decisions are serialised). */
  private async lock(m: EntityManager, id: string): Promise<DossierRow> {
    const [d] = (await m.query(`SELECT * FROM dossier WHERE id = $1 FOR UPDATE`, [id])) as DossierRow[];
    if (!d) throw dossierNotFound();
    return d;
  }

  private summary(d: DossierRow) {
    return {
      id: d.id, programmeId: d.programme_id, programmeVersion: d.programme_version, niveau: d.niveau, lieuId: d.lieu_id, structureId: d.structure_id, statut: d.statut,
      renouvelleLabelId: d.renouvelle_label_id, creeLe: d.cree_le.toISOString(), deposeLe: d.depose_le?.toISOString() ?? null, decideLe: d.decide_le?.toISOString() ?? null,
    };
  }

  private async present(m: EntityManager, d: DossierRow) {
    const criteres = await this.programmes.criteres(m, d.programme_id, d.programme_version);
    const rang = (await this.programmes.niveaux(m, d.programme_id, d.programme_version)).find((n) => n.id === d.niveau)?.rang ?? 0;
    const answers = (await m.query(`SELECT critere_id, reponse, preuve, aidants FROM dossier_reponse WHERE dossier_id = $1`, [d.id])) as Array<{ critere_id: string; reponse: string; preuve: string | null; aidants: string[] }>;
    const avis = (await m.query(`SELECT critere_id, conforme, commentaire, donne_le FROM dossier_avis WHERE dossier_id = $1 ORDER BY id`, [d.id])) as Array<{ critere_id: string; conforme: boolean; commentaire: string | null; donne_le: Date }>;
    const history = await this.journal.entriesOf(m, d.id);
    const pieces = await piecesOf(m, d.id);
    return {
      ...this.summary(d),
      motif: d.motif,
      criteres: criteres.map((c) => {
        const a = answers.find((x) => x.critere_id === c.id);
        const last = avis.filter((x) => x.critere_id === c.id).at(-1);
        return {
          id: c.id, titre: c.titre, obligatoire: c.obligatoire_des_rang !== null && c.obligatoire_des_rang <= rang,
          reponse: a ? { texte: a.reponse, preuve: a.preuve, aidants: a.aidants } : null,
          avis: last ? { conforme: last.conforme, commentaire: last.commentaire, le: last.donne_le.toISOString() } : null,
          pieces: pieces.filter((p) => p.critereId === c.id),
        };
      }),
      historique: history.map((h) => ({ seq: h.seq, action: h.action, le: h.recordedAt.toISOString(), hash: h.hash })),
    };
  }
}
