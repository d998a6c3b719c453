import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEMARCHES, type Demarche } from '@pin/contracts';
import { presentMandat, type AutorisationRow, type MandatRow } from './mandate.present';

const MANDAT_SELECT = `SELECT m.*, ks.nom AS structure_nom FROM mandat m LEFT JOIN known_structure ks ON ks.id = m.structure_id`;
const DEMARCHE_ORDER = Object.keys(DEMARCHES);

export type MandatWithAccount = MandatRow & { account_sub: string | null };

/** SQL of mandates and their autorisations; every method runs in the caller's transaction. */
@Injectable()
export class MandateRepository {
  async byId(m: EntityManager, id: string): Promise<MandatRow | undefined> {
    return ((await m.query(`${MANDAT_SELECT} WHERE m.id = $1`, [id])) as MandatRow[])[0];
  }

  /** With the account linked to the usager (who may read it as themself). */
  async byIdWithAccount(m: EntityManager, id: string, forUpdate: boolean): Promise<MandatWithAccount | undefined> {
    const rows = (await m.query(
      `SELECT m.*, u.account_sub, ks.nom AS structure_nom FROM mandat m LEFT JOIN known_structure ks ON ks.id = m.structure_id
         JOIN usager u ON u.id = m.usager_id WHERE m.id = $1 ${forUpdate ? 'FOR UPDATE OF m' : ''}`,
      [id],
    )) as MandatWithAccount[];
    return rows[0];
  }

  async byIdempotencyKey(m: EntityManager, creatorSub: string, key: string): Promise<MandatRow | undefined> {
    return ((await m.query(`${MANDAT_SELECT} WHERE m.cree_par_sub = $1 AND m.idempotency_key = $2`, [creatorSub, key])) as MandatRow[])[0];
  }

  async byVerificationToken(m: EntityManager, token: string): Promise<MandatRow | undefined> {
    return ((await m.query(`${MANDAT_SELECT} WHERE m.verification_token = $1`, [token])) as MandatRow[])[0];
  }

  async forUsager(m: EntityManager, usagerId: string, structureId: string): Promise<MandatRow[]> {
    return (await m.query(`${MANDAT_SELECT} WHERE m.usager_id = $1 AND m.structure_id = $2 ORDER BY m.created_at DESC`, [usagerId, structureId])) as MandatRow[];
  }

  async forAccount(m: EntityManager, accountSub: string): Promise<MandatRow[]> {
    return (await m.query(`${MANDAT_SELECT} JOIN usager u ON u.id = m.usager_id WHERE u.account_sub = $1 ORDER BY m.created_at DESC`, [accountSub])) as MandatRow[];
  }

  async autorisations(m: EntityManager, mandatIds: readonly string[]): Promise<Map<string, AutorisationRow[]>> {
    const map = new Map<string, AutorisationRow[]>(mandatIds.map((id) => [id, []]));
    if (mandatIds.length === 0) return map;
    const rows = (await m.query(`SELECT * FROM autorisation WHERE mandat_id = ANY($1::uuid[])`, [mandatIds])) as AutorisationRow[];
    rows.sort((a, b) => DEMARCHE_ORDER.indexOf(a.demarche) - DEMARCHE_ORDER.indexOf(b.demarche));
    for (const r of rows) map.get(r.mandat_id)?.push(r);
    return map;
  }

  async autorisationsOf(m: EntityManager, mandatId: string): Promise<AutorisationRow[]> {
    return (await this.autorisations(m, [mandatId])).get(mandatId) ?? [];
  }

  async present(m: EntityManager, rows: readonly MandatRow[]) {
    const auts = await this.autorisations(m, rows.map((r) => r.id));
    return rows.map((r) => presentMandat(r, auts.get(r.id) ?? []));
  }

  /** Renewal: the active autorisations for these démarches in the structure end now; returns them. */
  async revokeForRenewal(m: EntityManager, usagerId: string, structureId: string, demarches: readonly Demarche[], at: Date): Promise<AutorisationRow[]> {
    const [rows] = (await m.query(
      `UPDATE autorisation SET revoque_le = $4, revoque_motif = 'renouvellement'
        WHERE usager_id = $1 AND structure_id = $2 AND demarche = ANY($3::text[]) AND revoque_le IS NULL AND fin > $4
        RETURNING *`,
      [usagerId, structureId, demarches, at],
    )) as [AutorisationRow[], number];
    return rows;
  }

  async revokeAutorisations(m: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    await m.query(`UPDATE autorisation SET revoque_le = $2, revoque_motif = 'revocation' WHERE id = ANY($1::uuid[])`, [ids, at]);
  }

  /** Mandates whose every autorisation has ended by revocation are revoked themselves; returns those closed now. */
  async closeFullyRevoked(m: EntityManager, mandatIds: readonly string[], par: 'usager' | 'aidant', parNom: string): Promise<Array<{ id: string; revoque_le: Date }>> {
    if (mandatIds.length === 0) return [];
    const [closed] = (await m.query(
      `UPDATE mandat m SET revoque_le = now(), revoque_par = $2, revoque_par_nom = $3
        WHERE m.id = ANY($1::uuid[]) AND m.revoque_le IS NULL
          AND NOT EXISTS (SELECT 1 FROM autorisation a WHERE a.mandat_id = m.id AND a.revoque_le IS NULL)
        RETURNING m.id, m.revoque_le`,
      [mandatIds, par, parNom],
    )) as [Array<{ id: string; revoque_le: Date }>, number];
    return closed;
  }

  async insert(
    m: EntityManager,
    x: { id: string; usagerId: string; structureId: string; creator: { sub: string; username: string; name: string | null }; debut: Date; fin: Date; dureeJours: number; idempotencyKey: string; requestHash: string; verificationToken: string; creationHash: string },
    autorisations: ReadonlyArray<{ id: string; demarche: Demarche }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO mandat (id, usager_id, structure_id, cree_par_sub, cree_par_username, cree_par_nom, debut, fin, duree_jours, consentement_le, idempotency_key, request_hash, verification_token, creation_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now(), $10, $11, $12, $13)`,
      [x.id, x.usagerId, x.structureId, x.creator.sub, x.creator.username, x.creator.name, x.debut, x.fin, x.dureeJours, x.idempotencyKey, x.requestHash, x.verificationToken, x.creationHash],
    );
    await m.query(
      `INSERT INTO autorisation (id, mandat_id, usager_id, structure_id, demarche, debut, fin)
       SELECT a.id, $2, $3, $4, a.demarche, $5, $6 FROM unnest($1::uuid[], $7::text[]) AS a(id, demarche)`,
      [autorisations.map((a) => a.id), x.id, x.usagerId, x.structureId, x.debut, x.fin, autorisations.map((a) => a.demarche)],
    );
  }
}
