import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  parsePayload, passAllocateSchema, passBatchSchema, passCancelSchema, passCodeQuerySchema, passDistributeSchema,
  passRedeemSchema, PinError, POLICIES, type PassStatut, type RpcEnvelope, type UserContext,
} from '@pin/contracts';
import { canAccessStructure, hasRole, NETWORK_ROLES, requirePolicy, requireStructureScope } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { Journal } from '../journal/journal';
import { parisToday } from '../labels/labels.service';
import { PassCodes, toleranceEnd } from './pass-code';

export const PASS_CODES = Symbol('PASS_CODES');
/** The national label a lieu must hold to redeem passes. */
export const APTIC = 'aptic';

export interface PassRow {
  numero: string;
  lot_id: string;
  statut: PassStatut;
  prescripteur_id: string | null;
  lieu_id: string | null;
  structure_id: string | null;
  service: string | null;
  scanne_le: Date | null;
  demande_id: string | null;
  valide_jusqu_au: string;
  tolerance_jusqu_au: string;
  valeur_centimes: number;
  financeur: string;
}

export const PASS_SELECT = `SELECT p.numero, p.lot_id, p.statut, p.prescripteur_id, p.lieu_id, p.structure_id, p.service, p.scanne_le, p.demande_id,
  to_char(l.valide_jusqu_au, 'YYYY-MM-DD') AS valide_jusqu_au, to_char(l.tolerance_jusqu_au, 'YYYY-MM-DD') AS tolerance_jusqu_au, l.valeur_centimes, l.financeur
  FROM pass p JOIN pass_lot l ON l.id = p.lot_id`;

const forged = () => new PinError('PASS.FORGED', 'Ce code de pass n’est pas valide (numéro ou code de contrôle erroné) : vérifiez la saisie.');

/**
 * The Pass Numérique ledger. Each pass is a state machine moved only by conditional UPDATEs
 * (`WHERE statut = <expected>`), so that concurrent attempts cannot both succeed; every move is
 * appended to `pass_mouvement` (append-only, enforced by a trigger) in the same transaction.
 */
/** How a pass's state reads in a sentence (« ce pass … »). */
const PASS_STATE_TEXT: Record<PassStatut, string> = {
  lot: 'est encore dans un lot non attribué',
  alloue: 'est attribué à une structure mais pas encore remis',
  distribue: 'a été remis à un bénéficiaire',
  scanne: 'a déjà été encaissé',
  reclame: 'a déjà été encaissé et réclamé',
  paye: 'a déjà été encaissé et payé',
  expire: 'n’est plus valable',
  annule: 'a été annulé',
};

@Injectable()
export class LedgerService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
    @Inject(PASS_CODES) private readonly codes: PassCodes,
  ) {}

  async createBatch(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parsePayload(passBatchSchema, rpc.body);
    const id = randomUUID();
    const last = body.premierNumero + body.nombre - 1;
    try {
      await this.outbox.run(async (m) => {
        await m.query(
          `INSERT INTO pass_lot (id, financeur, premier_numero, dernier_numero, valeur_centimes, valide_jusqu_au, tolerance_jusqu_au, cree_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, body.financeur, body.premierNumero, last, body.valeurCentimes, body.valideJusquAu, toleranceEnd(body.valideJusquAu), u.sub],
        );
        await m.query(`INSERT INTO pass (numero, lot_id, statut) SELECT n, $1, 'lot' FROM generate_series($2::bigint, $3::bigint) n`, [id, body.premierNumero, last]);
        await m.query(`INSERT INTO pass_mouvement (numero, de, vers, acteur_sub, data) SELECT n, NULL, 'lot', $1, jsonb_build_object('lotId', $2::text) FROM generate_series($3::bigint, $4::bigint) n`, [u.sub, id, body.premierNumero, last]);
        await this.journal.append(m, [{ action: 'pass.lot_cree', subjectId: id, actorSub: u.sub, data: { premierNumero: body.premierNumero, dernierNumero: last, valeurCentimes: body.valeurCentimes } }]);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23P01' || (err as { code?: string }).code === '23505') throw new PinError('PASS.RANGE_OVERLAP', 'Ces numéros appartiennent déjà à un autre lot.');
      throw err;
    }
    const codes: string[] = [];
    for (let n = body.premierNumero; n <= last; n++) codes.push(this.codes.code(n));
    return { id, financeur: body.financeur, premierNumero: body.premierNumero, dernierNumero: last, valideJusquAu: body.valideJusquAu, toleranceJusquAu: toleranceEnd(body.valideJusquAu), codes };
  }

  /** The batches, newest first, with how many passes are still to allocate. */
  async listBatches(user: UserContext | undefined) {
    requirePolicy(user, POLICIES.labelling.manage);
    const rows = (await this.outbox.run((m) =>
      m.query(
        `SELECT l.id, l.financeur, l.premier_numero, l.dernier_numero, l.valeur_centimes, to_char(l.valide_jusqu_au, 'YYYY-MM-DD') AS valide_jusqu_au,
                to_char(l.tolerance_jusqu_au, 'YYYY-MM-DD') AS tolerance_jusqu_au, l.cree_le,
                (SELECT count(*)::int FROM pass p WHERE p.lot_id = l.id AND p.statut = 'lot') AS a_allouer
           FROM pass_lot l ORDER BY l.cree_le DESC, l.premier_numero DESC LIMIT 200`,
      ),
    )) as Array<{ id: string; financeur: string; premier_numero: string; dernier_numero: string; valeur_centimes: number; valide_jusqu_au: string; tolerance_jusqu_au: string; cree_le: Date; a_allouer: number }>;
    return {
      items: rows.map((r) => ({
        id: r.id, financeur: r.financeur, premierNumero: Number(r.premier_numero), dernierNumero: Number(r.dernier_numero), valeurCentimes: r.valeur_centimes,
        valideJusquAu: r.valide_jusqu_au, toleranceJusquAu: r.tolerance_jusqu_au, creeLe: r.cree_le.toISOString(), aAllouer: r.a_allouer,
      })),
    };
  }

  /** The prescriber's view: passes allocated to the caller's structures (codes only while still to hand out). */
  async allocated(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.labelling.passDistribute);
    const network = hasRole(u, ...NETWORK_ROLES);
    const structures = u.structures.filter((s) => s !== '*');
    const rows = (await this.outbox.run((m) =>
      m.query(
        `${PASS_SELECT} WHERE p.prescripteur_id IS NOT NULL AND ($1::boolean OR p.prescripteur_id = ANY($2::uuid[])) ORDER BY p.numero LIMIT 1000`,
        [network && structures.length === 0, structures],
      ),
    )) as PassRow[];
    const parStatut: Record<string, number> = {};
    for (const r of rows) parStatut[r.statut] = (parStatut[r.statut] ?? 0) + 1;
    return {
      parStatut,
      items: rows.map((r) => {
        const p = this.present(r);
        return { ...p, code: r.statut === 'alloue' ? p.code : null, prescripteurId: r.prescripteur_id, financeur: r.financeur };
      }),
    };
  }

  async allocate(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parsePayload(passAllocateSchema, rpc.body);
    return this.outbox.run(async (m) => {
      const [rows] = (await m.query(
        `UPDATE pass SET statut = 'alloue', prescripteur_id = $2, modifie_le = now()
          WHERE numero IN (SELECT numero FROM pass WHERE lot_id = $1 AND statut = 'lot' ORDER BY numero LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING numero`,
        [body.lotId, body.prescripteurId, body.nombre],
      )) as [Array<{ numero: string }>, number];
      if (rows.length < body.nombre) throw new PinError('PASS.NOT_ENOUGH_IN_BATCH', `Il reste ${rows.length} pass non alloués dans ce lot.`, { disponibles: rows.length });
      const numeros = rows.map((r) => Number(r.numero)).sort((a, b) => a - b);
      await this.moves(m, numeros, 'lot', 'alloue', u.sub, { prescripteurId: body.prescripteurId });
      await this.journal.append(m, [{ action: 'pass.alloues', subjectId: body.lotId, structureId: body.prescripteurId, actorSub: u.sub, data: { nombre: numeros.length, premier: numeros[0], dernier: numeros.at(-1) } }]);
      return { lotId: body.lotId, prescripteurId: body.prescripteurId, nombre: numeros.length, codes: numeros.map((n) => this.codes.code(n)) };
    });
  }

  async distribute(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.passDistribute);
    const body = parsePayload(passDistributeSchema, rpc.body);
    const numero = this.codes.verify(body.code);
    if (numero === null) throw forged();
    return this.outbox.run(async (m) => {
      const pass = await this.load(m, numero, true);
      if (pass.statut !== 'alloue' || !pass.prescripteur_id) throw this.stateError(pass, 'distribue');
      if (!canAccessStructure(u, pass.prescripteur_id)) throw new PinError('PASS.NOT_PRESCRIBER', 'Ce pass est alloué à un autre prescripteur.');
      await m.query(`UPDATE pass SET statut = 'distribue', beneficiaire_pseudo = $2, modifie_le = now() WHERE numero = $1`, [numero, this.codes.pseudonym(pass.prescripteur_id, body.beneficiaire)]);
      await this.moves(m, [numero], 'alloue', 'distribue', u.sub, {});
      return this.present(await this.load(m, numero, false));
    });
  }

  async redeem(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.passRedeem);
    const body = parsePayload(passRedeemSchema, rpc.body);
    const numero = this.codes.verify(body.code);
    if (numero === null) throw forged();
    const today = parisToday();
    return this.outbox.run(async (m) => {
      // One round trip for the lieu's structure and its #APTIC label, one for the move and its history.
      const [lieu] = (await m.query(
        `SELECT kl.structure_id, EXISTS (SELECT 1 FROM label WHERE lieu_id = kl.id AND programme_id = $2 AND statut = 'actif' AND depuis <= $3::date
                                           AND (jusqu_au IS NULL OR jusqu_au >= $3::date)) AS qualified
           FROM known_lieu kl WHERE kl.id = $1`,
        [body.lieuId, APTIC, today],
      )) as Array<{ structure_id: string | null; qualified: boolean }>;
      if (!lieu?.structure_id) throw new PinError('DOSSIER.UNKNOWN_LIEU', 'Lieu inconnu de l’annuaire.');
      requireStructureScope(u, lieu.structure_id);
      if (!lieu.qualified) throw new PinError('PASS.LIEU_NOT_QUALIFIED', 'Ce lieu n’est pas labellisé #APTIC : il ne peut pas encaisser de Pass Numérique.');
      // The single conditional UPDATE: of concurrent scans of one pass, exactly one finds it `distribue`.
      const rows = (await m.query(
        `WITH up AS (
           UPDATE pass p SET statut = 'scanne', lieu_id = $2, structure_id = $3, service = $4, scanne_le = now(), scanne_par = $5, modifie_le = now()
             FROM pass_lot l
            WHERE p.numero = $1 AND l.id = p.lot_id AND p.statut = 'distribue' AND $6::date <= l.tolerance_jusqu_au
            RETURNING p.numero, p.lot_id, p.statut, p.prescripteur_id, p.lieu_id, p.structure_id, p.service, p.scanne_le, p.demande_id,
                      to_char(l.valide_jusqu_au, 'YYYY-MM-DD') AS valide_jusqu_au, to_char(l.tolerance_jusqu_au, 'YYYY-MM-DD') AS tolerance_jusqu_au, l.valeur_centimes, l.financeur),
         mv AS (INSERT INTO pass_mouvement (numero, de, vers, acteur_sub, data) SELECT numero, 'distribue', 'scanne', $5, $7::jsonb FROM up)
         SELECT * FROM up`,
        [numero, body.lieuId, lieu.structure_id, body.service, u.sub, today, JSON.stringify({ lieuId: body.lieuId, service: body.service })],
      )) as PassRow[];
      if (rows.length === 0) {
        const pass = await this.load(m, numero, false);
        if (pass.statut === 'distribue') throw new PinError('PASS.EXPIRED', `Ce pass n’est plus valable (valable jusqu’au ${pass.valide_jusqu_au}, toléré jusqu’au ${pass.tolerance_jusqu_au}).`);
        throw this.stateError(pass, 'scanne');
      }
      return this.present(rows[0]);
    });
  }

  /** The open lieux of the caller's structures that hold #APTIC: where they may redeem passes. */
  async lieux(user: UserContext | undefined) {
    const u = requirePolicy(user, POLICIES.labelling.passRedeem);
    const today = parisToday();
    const rows = (await this.outbox.run((m) =>
      m.query(
        `SELECT kl.id, kl.nom, kl.commune FROM known_lieu kl
          WHERE kl.structure_id = ANY($1::uuid[]) AND kl.statut = 'actif'
            AND EXISTS (SELECT 1 FROM label l WHERE l.lieu_id = kl.id AND l.programme_id = $2 AND l.statut = 'actif' AND l.depuis <= $3::date AND (l.jusqu_au IS NULL OR l.jusqu_au >= $3::date))
          ORDER BY kl.nom, kl.id`,
        [u.structures.filter((s) => s !== '*'), APTIC, today],
      ),
    )) as Array<{ id: string; nom: string; commune: string }>;
    return { items: rows };
  }

  async cancel(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.manage);
    const body = parsePayload(passCancelSchema, rpc.body);
    const numero = this.codes.verify(body.code);
    if (numero === null) throw forged();
    return this.outbox.run(async (m) => {
      const pass = await this.load(m, numero, true);
      if (pass.statut !== 'lot' && pass.statut !== 'alloue' && pass.statut !== 'distribue') throw this.stateError(pass, 'annule');
      await m.query(`UPDATE pass SET statut = 'annule', modifie_le = now() WHERE numero = $1`, [numero]);
      await this.moves(m, [numero], pass.statut, 'annule', u.sub, { motif: body.motif });
      return this.present(await this.load(m, numero, false));
    });
  }

  async get(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.passRead);
    const q = parsePayload(passCodeQuerySchema, rpc.query);
    const numero = this.codes.verify(q.code);
    if (numero === null) throw forged();
    return this.outbox.run(async (m) => {
      const pass = await this.load(m, numero, false);
      const involved = hasRole(u, ...NETWORK_ROLES) || [pass.prescripteur_id, pass.structure_id].some((s) => s !== null && u.structures.includes(s));
      const history = involved
        ? ((await m.query(`SELECT de, vers, le FROM pass_mouvement WHERE numero = $1 ORDER BY seq`, [numero])) as Array<{ de: string | null; vers: string; le: Date }>).map((h) => ({ de: h.de, vers: h.vers, le: h.le.toISOString() }))
        : null;
      return { ...this.present(pass), historique: history };
    });
  }

  /** Passes past their tolerance that were never scanned become `expire` (the scheduled scan). */
  async expire(today = parisToday()): Promise<number> {
    return this.outbox.run(async (m) => {
      const [rows] = (await m.query(
        `WITH gone AS (SELECT p.numero, p.statut FROM pass p JOIN pass_lot l ON l.id = p.lot_id WHERE p.statut IN ('lot', 'alloue', 'distribue') AND l.tolerance_jusqu_au < $1::date FOR UPDATE OF p)
         UPDATE pass SET statut = 'expire', modifie_le = now() FROM gone WHERE pass.numero = gone.numero RETURNING pass.numero, gone.statut AS de`,
        [today],
      )) as [Array<{ numero: string; de: PassStatut }>, number];
      for (const de of ['lot', 'alloue', 'distribue'] as const) {
        await this.moves(m, rows.filter((r) => r.de === de).map((r) => Number(r.numero)), de, 'expire', 'system', {});
      }
      return rows.length;
    });
  }

  private async load(m: EntityManager, numero: number, lock: boolean): Promise<PassRow> {
    const [p] = (await m.query(`${PASS_SELECT} WHERE p.numero = $1 ${lock ? 'FOR UPDATE OF p' : ''}`, [numero])) as PassRow[];
    // A well-signed number the ledger does not hold: printed outside any recorded batch.
    if (!p) throw new PinError('PASS.NOT_FOUND', 'Ce pass n’appartient à aucun lot enregistré.');
    return p;
  }

  private stateError(p: PassRow, wanted: PassStatut): PinError {
    if (p.statut === 'scanne' || p.statut === 'reclame' || p.statut === 'paye') return new PinError('PASS.ALREADY_REDEEMED', `Ce pass a déjà été encaissé le ${p.scanne_le?.toISOString().slice(0, 10) ?? '?'}.`);
    if (p.statut === 'expire') return new PinError('PASS.EXPIRED', `Ce pass n’est plus valable (valable jusqu’au ${p.valide_jusqu_au}).`);
    if (wanted === 'scanne' && (p.statut === 'lot' || p.statut === 'alloue')) return new PinError('PASS.NOT_DISTRIBUTED', 'Ce pass n’a pas encore été remis à un bénéficiaire.');
    return new PinError('PASS.INVALID_TRANSITION', `Opération impossible : ce pass ${PASS_STATE_TEXT[p.statut]}.`, { statut: p.statut });
  }

  private moves(m: EntityManager, numeros: readonly number[], de: PassStatut, vers: PassStatut, actorSub: string, data: Record<string, unknown>): Promise<void> {
    return recordMoves(m, numeros, de, vers, actorSub, data);
  }


  private present(p: PassRow) {
    return {
      numero: Number(p.numero), code: this.codes.code(Number(p.numero)), lotId: p.lot_id, statut: p.statut, valeurCentimes: p.valeur_centimes,
      valideJusquAu: p.valide_jusqu_au, toleranceJusquAu: p.tolerance_jusqu_au, lieuId: p.lieu_id, service: p.service, encaisseLe: p.scanne_le?.toISOString() ?? null,
    };
  }
}

/** Appends passes' moves to their history (`pass_mouvement`, append-only), in the caller's transaction. */
export async function recordMoves(m: EntityManager, numeros: readonly number[], de: PassStatut, vers: PassStatut, actorSub: string, data: Record<string, unknown>): Promise<void> {
  if (numeros.length === 0) return;
  await m.query(`INSERT INTO pass_mouvement (numero, de, vers, acteur_sub, data) SELECT n, $2, $3, $4, $5::jsonb FROM unnest($1::bigint[]) n`, [numeros, de, vers, actorSub, JSON.stringify(data)]);
}
