import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError } from '@pin/contracts';
import { isUuid } from '../acting/acting.policy';
import { CLAIM_CODE_TTL_DAYS, newClaimCode, USAGER_COLUMNS, usagerSearchTerms, type UsagerRow } from './usager.present';

export const usagerNotFound = () => new PinError('USAGER.NOT_FOUND', 'Usager introuvable.');

/** SQL of usagers and their link to the structures that follow them. Every method runs in the caller's transaction. */
@Injectable()
export class UsagerRepository {
  /** The usager if the selected structure follows them; 404 otherwise (never reveals other structures' usagers). */
  async visible(m: EntityManager, id: unknown, structureId: string, forUpdate = false): Promise<UsagerRow> {
    if (!isUuid(id)) throw usagerNotFound();
    const rows = (await m.query(
      `SELECT ${USAGER_COLUMNS} FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $2
        WHERE u.id = $1 AND u.purged_at IS NULL ${forUpdate ? 'FOR UPDATE OF u' : ''}`,
      [id, structureId],
    )) as UsagerRow[];
    if (!rows[0]) throw usagerNotFound();
    return rows[0];
  }

  /**
   * Every word must be in the folded names (accents, case ignored); a date must be the birth date.
   * No words: the structure's usagers, page by page, in alphabetical order.
   */
  async search(m: EntityManager, structureId: string, q: string | undefined, page = 1, pageSize = 20): Promise<{ rows: UsagerRow[]; total: number }> {
    const params: unknown[] = [structureId];
    const filters: string[] = [];
    const { words, date } = usagerSearchTerms(q ?? '');
    for (const word of words) {
      params.push(`%${word.replace(/[%_\\]/g, '\\$&')}%`);
      filters.push(`split_part(u.identity_key, '|', 1) || ' ' || split_part(u.identity_key, '|', 2) LIKE $${params.length}`);
    }
    if (date) {
      params.push(date);
      filters.push(`u.date_naissance = $${params.length}::date`);
    }
    const filter = filters.map((f) => `AND ${f}`).join(' ');
    params.push(pageSize, (page - 1) * pageSize);
    const rows = (await m.query(
      `SELECT ${USAGER_COLUMNS}, count(*) OVER () AS total_count
         FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $1
        WHERE u.purged_at IS NULL ${filter} ORDER BY u.nom, u.prenoms, u.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as Array<UsagerRow & { total_count: string }>;
    let total = rows.length ? Number(rows[0].total_count) : 0;
    if (!rows.length && page > 1) {
      const [c] = (await m.query(
        `SELECT count(*)::int AS n FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $1 WHERE u.purged_at IS NULL ${filter}`,
        params.slice(0, -2),
      )) as Array<{ n: number }>;
      total = c.n;
    }
    return { rows: rows.map(({ total_count: _t, ...row }) => row as UsagerRow), total };
  }

  /** Serialises creations of the same identity, then lists the structure's usagers with it. */
  async lockIdentityAndFindSame(m: EntityManager, identityKey: string, structureId: string): Promise<UsagerRow[]> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [identityKey]);
    return (await m.query(
      `SELECT ${USAGER_COLUMNS} FROM usager u JOIN usager_structure us ON us.usager_id = u.id AND us.structure_id = $2 WHERE u.identity_key = $1`,
      [identityKey, structureId],
    )) as UsagerRow[];
  }

  async insert(
    m: EntityManager,
    u: { id: string; nom: string; prenoms: string; dateNaissance: string; lieuNaissance: string; email: string | null; telephone: string | null; identityKey: string; verifiedBy: string },
    structureId: string,
  ): Promise<UsagerRow> {
    const [row] = (await m.query(
      `INSERT INTO usager (id, nom, prenoms, date_naissance, lieu_naissance, email, telephone, identity_key, identite_verifiee_par, identite_verifiee_le)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       RETURNING id, nom, prenoms, to_char(date_naissance, 'YYYY-MM-DD') AS date_naissance, lieu_naissance, email, telephone, account_sub, created_at, purged_at`,
      [u.id, u.nom, u.prenoms, u.dateNaissance, u.lieuNaissance, u.email, u.telephone, u.identityKey, u.verifiedBy],
    )) as UsagerRow[];
    await m.query(`INSERT INTO usager_structure (usager_id, structure_id) VALUES ($1, $2)`, [u.id, structureId]);
    return row;
  }

  /** Changes only the given contact fields (`undefined`: unchanged, `null`: erased). */
  async updateContact(m: EntityManager, id: string, change: { email?: string | null; telephone?: string | null }): Promise<UsagerRow> {
    const [rows] = (await m.query(
      `UPDATE usager u SET email = CASE WHEN $2 THEN $3 ELSE email END, telephone = CASE WHEN $4 THEN $5 ELSE telephone END WHERE id = $1 RETURNING ${USAGER_COLUMNS}`,
      [id, change.email !== undefined, change.email ?? null, change.telephone !== undefined, change.telephone ?? null],
    )) as [UsagerRow[], number];
    return rows[0];
  }

  /** A new one-time claim code (only its hash is stored); returns the code to print. */
  async issueClaimCode(m: EntityManager, usagerId: string): Promise<string> {
    const { code, hash } = newClaimCode();
    await m.query(`UPDATE usager SET claim_code_hash = $2, claim_code_expires_at = now() + make_interval(days => $3) WHERE id = $1`, [usagerId, hash, CLAIM_CODE_TTL_DAYS]);
    return code;
  }

  /** The dossiers an account is linked to (one per structure that follows the person). */
  async linkedDossiers(m: EntityManager, accountSub: string): Promise<string[]> {
    const rows = (await m.query(`SELECT id FROM usager WHERE account_sub = $1 AND purged_at IS NULL ORDER BY created_at`, [accountSub])) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Links the account to the usager whose valid code hash matches; undefined if none. */
  async claim(m: EntityManager, codeHash: string, accountSub: string): Promise<UsagerRow | undefined> {
    const [rows] = (await m.query(
      `UPDATE usager u SET account_sub = $2, claim_code_hash = NULL, claim_code_expires_at = NULL
        WHERE claim_code_hash = $1 AND claim_code_expires_at > now() AND account_sub IS NULL AND purged_at IS NULL RETURNING ${USAGER_COLUMNS}`,
      [codeHash, accountSub],
    )) as [UsagerRow[], number];
    return rows[0];
  }

  async followedBy(m: EntityManager, usagerId: string, structureId: string): Promise<boolean> {
    const rows = (await m.query(`SELECT 1 FROM usager_structure WHERE usager_id = $1 AND structure_id = $2`, [usagerId, structureId])) as unknown[];
    return rows.length > 0;
  }
}
