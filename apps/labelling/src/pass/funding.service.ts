import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stringify } from 'csv-stringify/sync';
import { claimCreateSchema, idParamsSchema, parsePayload, passFiguresSchema, PinError, POLICIES, type PassStatut, type RpcEnvelope, type UserContext } from '@pin/contracts';
import { hasRole, NETWORK_ROLES, requirePolicy } from '@pin/auth';
import { Outbox } from '@pin/messaging';
import { Journal } from '../journal/journal';
import { PASS_SELECT, recordMoves, type PassRow } from './ledger.service';
import { parisMonthBounds } from './pass-code';

interface ClaimRow {
  id: string;
  mois: string;
  financeur: string;
  statut: string;
  nombre: number;
  montant_centimes: string;
  creee_le: Date;
  payee_le: Date | null;
}

/**
 * Whose batches the caller sees: null for the network (every funder); for a funder's officer (role
 * `financeur`), their funder's name from the token, compared to the batches' free-text funder
 * case-insensitively (`lower(trim())` on both sides).
 */
export function funderScope(u: UserContext): string | null {
  if (hasRole(u, ...NETWORK_ROLES)) return null;
  if (!u.financeur?.trim()) throw new PinError('CLAIM.NO_FUNDER', 'Votre compte n’est rattaché à aucun financeur : demandez à l’administrateur de renseigner votre financeur.');
  return u.financeur.trim();
}

/** SQL condition on a funder column: `$n` null (the network) or the same funder. */
const sameFunder = (column: string, n: number) => `($${n}::text IS NULL OR lower(btrim(${column})) = lower(btrim($${n}::text)))`;

/**
 * The funder's side of the Pass Numérique: figures per batch, prescriber and lieu, and the monthly
 * claims (CSV) marked paid. The network sees every funder; a `financeur` only their own batches —
 * another funder's claim is « introuvable » (404), never revealed.
 */
@Injectable()
export class FundingService {
  constructor(
    private readonly outbox: Outbox,
    private readonly journal: Journal,
  ) {}

  async figures(user: UserContext | undefined, rpc: RpcEnvelope) {
    const funder = funderScope(requirePolicy(user, POLICIES.labelling.passFunding));
    const q = parsePayload(passFiguresSchema, rpc.query);
    const key = { lot: 'p.lot_id::text', prescripteur: 'p.prescripteur_id::text', lieu: 'p.lieu_id::text' }[q.par];
    const rows = (await this.outbox.run((m) =>
      m.query(
        `SELECT ${key} AS cle, p.statut, count(*)::int AS n, sum(l.valeur_centimes)::bigint AS centimes
           FROM pass p JOIN pass_lot l ON l.id = p.lot_id
          WHERE ${sameFunder('l.financeur', 1)} ${q.par === 'lot' ? '' : `AND ${key} IS NOT NULL`}
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [funder],
      ),
    )) as Array<{ cle: string; statut: PassStatut; n: number; centimes: string }>;
    const names = await this.figureNames(q.par, [...new Set(rows.map((r) => r.cle))]);
    const byKey = new Map<string, { id: string; libelle: string | null; total: number; parStatut: Record<string, number>; montantEncaisseCentimes: number }>();
    for (const r of rows) {
      const e = byKey.get(r.cle) ?? { id: r.cle, libelle: names.get(r.cle) ?? null, total: 0, parStatut: {}, montantEncaisseCentimes: 0 };
      e.total += r.n;
      e.parStatut[r.statut] = r.n;
      if (r.statut === 'scanne' || r.statut === 'reclame' || r.statut === 'paye') e.montantEncaisseCentimes += Number(r.centimes);
      byKey.set(r.cle, e);
    }
    return { par: q.par, items: [...byKey.values()] };
  }

  /** The monthly claim: every pass of this funder scanned during the month (Paris time) and not yet claimed. */
  async createClaim(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.passFunding);
    const funder = funderScope(u);
    const body = parsePayload(claimCreateSchema, rpc.body);
    if (funder !== null && funder.toLowerCase() !== body.financeur.toLowerCase()) {
      throw new PinError('CLAIM.OTHER_FUNDER', `Vous ne pouvez demander le remboursement que des pass de votre financeur (${funder}).`);
    }
    const { from, to } = parisMonthBounds(body.mois);
    const id = randomUUID();
    try {
      return await this.outbox.run(async (m) => {
        const [rows] = (await m.query(
          `UPDATE pass p SET statut = 'reclame', demande_id = $1, modifie_le = now() FROM pass_lot l
            WHERE l.id = p.lot_id AND lower(btrim(l.financeur)) = lower($2) AND p.statut = 'scanne' AND p.scanne_le >= $3::timestamptz AND p.scanne_le < $4::timestamptz
            RETURNING p.numero, l.valeur_centimes`,
          [id, body.financeur, from, to],
        )) as [Array<{ numero: string; valeur_centimes: number }>, number];
        if (rows.length === 0) throw new PinError('CLAIM.EMPTY', 'Aucun pass encaissé ce mois-là pour ce financeur n’est à réclamer.');
        const montant = rows.reduce((s, r) => s + r.valeur_centimes, 0);
        await m.query(`INSERT INTO demande_remboursement (id, mois, financeur, statut, nombre, montant_centimes, creee_par) VALUES ($1, $2, $3, 'emise', $4, $5, $6)`, [
          id, body.mois, body.financeur, rows.length, montant, u.sub,
        ]);
        await recordMoves(m, rows.map((r) => Number(r.numero)), 'scanne', 'reclame', u.sub, { demandeId: id });
        await this.journal.append(m, [{ action: 'pass.demande_remboursement', subjectId: id, actorSub: u.sub, data: { mois: body.mois, nombre: rows.length, montantCentimes: montant } }]);
        return this.claim(m, id, null);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new PinError('CLAIM.ALREADY_EXISTS', 'La demande de remboursement de ce mois existe déjà pour ce financeur.');
      throw err;
    }
  }

  async listClaims(user: UserContext | undefined) {
    const funder = funderScope(requirePolicy(user, POLICIES.labelling.passFunding));
    const rows = (await this.outbox.run((m) =>
      m.query(
        `SELECT id, mois, financeur, statut, nombre, montant_centimes, creee_le, payee_le FROM demande_remboursement
          WHERE ${sameFunder('financeur', 1)} ORDER BY mois DESC, creee_le DESC LIMIT 200`,
        [funder],
      ),
    )) as ClaimRow[];
    return {
      items: rows.map((c) => ({
        id: c.id, mois: c.mois, financeur: c.financeur, statut: c.statut, nombre: c.nombre, montantCentimes: Number(c.montant_centimes),
        creeeLe: c.creee_le.toISOString(), payeeLe: c.payee_le?.toISOString() ?? null,
      })),
    };
  }

  async getClaim(user: UserContext | undefined, rpc: RpcEnvelope) {
    const funder = funderScope(requirePolicy(user, POLICIES.labelling.passFunding));
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run((m) => this.claim(m, id, funder));
  }

  async payClaim(user: UserContext | undefined, rpc: RpcEnvelope) {
    const u = requirePolicy(user, POLICIES.labelling.passFunding);
    const funder = funderScope(u);
    const { id } = parsePayload(idParamsSchema, rpc.params);
    return this.outbox.run(async (m) => {
      const [[row]] = (await m.query(`UPDATE demande_remboursement SET statut = 'payee', payee_le = now() WHERE id = $1 AND statut = 'emise' AND ${sameFunder('financeur', 2)} RETURNING id`, [
        id, funder,
      ])) as [Array<{ id: string }>, number];
      if (!row) {
        await this.claim(m, id, funder);
        throw new PinError('CLAIM.ALREADY_PAID', 'Cette demande est déjà payée.');
      }
      const [passes] = (await m.query(`UPDATE pass SET statut = 'paye', modifie_le = now() WHERE demande_id = $1 AND statut = 'reclame' RETURNING numero`, [id])) as [Array<{ numero: string }>, number];
      await recordMoves(m, passes.map((p) => Number(p.numero)), 'reclame', 'paye', u.sub, { demandeId: id });
      await this.journal.append(m, [{ action: 'pass.demande_payee', subjectId: id, actorSub: u.sub, data: { nombre: passes.length } }]);
      return this.claim(m, id, null);
    });
  }

  /** Readable names for the figures: a batch's funder and range, a lieu's name (prescribers are shown by id: no structure projection here). */
  private async figureNames(par: 'lot' | 'prescripteur' | 'lieu', ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0 || par === 'prescripteur') return new Map();
    const sql =
      par === 'lot'
        ? `SELECT id::text AS id, financeur || ' — n° ' || premier_numero || ' à ' || dernier_numero AS nom FROM pass_lot WHERE id = ANY($1::uuid[])`
        : `SELECT id::text AS id, nom || ' (' || commune || ')' AS nom FROM known_lieu WHERE id = ANY($1::uuid[]) AND nom <> ''`;
    const rows = (await this.outbox.run((m) => m.query(sql, [ids]))) as Array<{ id: string; nom: string }>;
    return new Map(rows.map((r) => [r.id, r.nom]));
  }

  /** A claim with its CSV; another funder's is « introuvable » for a funder's officer. */
  private async claim(m: EntityManager, id: string, funder: string | null) {
    const [c] = (await m.query(`SELECT id, mois, financeur, statut, nombre, montant_centimes, creee_le, payee_le FROM demande_remboursement WHERE id = $1 AND ${sameFunder('financeur', 2)}`, [
      id, funder,
    ])) as ClaimRow[];
    if (!c) throw new PinError('CLAIM.NOT_FOUND', 'Demande de remboursement introuvable.');
    const passes = (await m.query(`${PASS_SELECT} WHERE p.demande_id = $1 ORDER BY p.numero`, [id])) as PassRow[];
    const csv = stringify(
      passes.map((p) => [Number(p.numero), p.lot_id, p.financeur, (p.valeur_centimes / 100).toFixed(2), p.scanne_le!.toISOString(), p.lieu_id, p.service]),
      { header: true, columns: ['numero', 'lot', 'financeur', 'valeur_eur', 'encaisse_le', 'lieu', 'service'], delimiter: ';' },
    );
    return {
      id: c.id, mois: c.mois, financeur: c.financeur, statut: c.statut, nombre: c.nombre, montantCentimes: Number(c.montant_centimes),
      creeeLe: c.creee_le.toISOString(), payeeLe: c.payee_le?.toISOString() ?? null, csv,
    };
  }
}
