import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PinError, type UserContext } from '@pin/contracts';
import { isUuid } from '../acting/acting.policy';
import type { Habilitation, HabilitationStatut } from '@pin/contracts';

export interface HabilitationRow {
  id: string;
  structure_id: string;
  structure_nom: string | null;
  aidant_username: string;
  aidant_sub: string | null;
  aidant_nom: string | null;
  /** The recorded name, else the member's name from the SSO. */
  aidant_nom_affiche: string | null;
  statut: HabilitationStatut;
  charte_signee_le: Date | null;
  formation_suivie_le: Date | null;
  pix_reussi_le: Date | null;
  certification_retiree_le: Date | null;
  /** A newer charter version its aidant must sign again (see `recordCharterPublication`). */
  charte_a_signer_version: number | null;
  demandee_le: Date;
  demandee_par: string;
  decidee_le: Date | null;
  decidee_par: string | null;
  motif: string | null;
}

// The aidant's display name: the one recorded with the request, else the member's name from the SSO.
const SELECT = `SELECT h.*, ks.nom AS structure_nom,
    COALESCE(h.aidant_nom, (SELECT sm.nom FROM structure_member sm WHERE sm.structure_id = h.structure_id
                             AND (sm.sub = h.aidant_sub OR (h.aidant_sub IS NULL AND sm.username = h.aidant_username)) ORDER BY sm.last_seen DESC LIMIT 1)) AS aidant_nom_affiche
  FROM habilitation h LEFT JOIN known_structure ks ON ks.id = h.structure_id`;

export const habilitationNotFound = () => new PinError('HABILITATION.NOT_FOUND', 'Habilitation introuvable.');

/** SQL of habilitations; every method runs in the caller's transaction. */
@Injectable()
export class HabilitationRepository {
  async list(m: EntityManager, filter: { structureId?: string; statut?: string; structures?: string[]; aidantUsername?: string }): Promise<HabilitationRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (filter.structureId) add((n) => `h.structure_id = $${n}`, filter.structureId);
    if (filter.statut) add((n) => `h.statut = $${n}`, filter.statut);
    if (filter.structures) add((n) => `h.structure_id = ANY($${n}::uuid[])`, filter.structures);
    if (filter.aidantUsername) add((n) => `h.aidant_username = $${n}`, filter.aidantUsername);
    return (await m.query(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY h.demandee_le DESC LIMIT 200`, params)) as HabilitationRow[];
  }

  async load(m: EntityManager, id: unknown, forUpdate = false): Promise<HabilitationRow> {
    if (!isUuid(id)) throw habilitationNotFound();
    const rows = (await m.query(`${SELECT} WHERE h.id = $1 ${forUpdate ? 'FOR UPDATE OF h' : ''}`, [id])) as HabilitationRow[];
    if (!rows[0]) throw habilitationNotFound();
    return rows[0];
  }

  async insertRequest(
    m: EntityManager,
    h: { id: string; structureId: string; aidant: string; aidantSub: string; aidantNom: string | null; charteSignee: boolean; formationSuivie: boolean; requestedBy: string },
  ): Promise<void> {
    // « Formation suivie »: the training service's certification of the aidant (projection, not withdrawn), else the referent's declaration.
    // « Charte signée »: the aidant's signature of the latest known version in the labelling service (projection); the referent's checkbox is the documented fallback.
    // « Test PIX réussi »: a PIX result meeting the threshold recorded in the training service (projection); no checkbox.
    await m.query(
      `WITH cert AS (SELECT tc.attestation_id, tc.certified_at FROM training_certification tc WHERE tc.aidant_sub = $8 AND tc.withdrawn_at IS NULL ORDER BY tc.certified_at LIMIT 1)
       INSERT INTO habilitation (id, structure_id, aidant_username, aidant_sub, aidant_nom, statut, charte_signee_le, formation_suivie_le, formation_attestation_id, pix_reussi_le, demandee_le, demandee_par)
       VALUES ($1, $2, $3, $8, $4, 'demandee', COALESCE((SELECT min(cs.signed_at) FROM charter_signature cs WHERE cs.aidant_sub = $8 AND cs.version >= COALESCE((SELECT max(version) FROM charter_version), 0)), CASE WHEN $5 THEN now() END),
               COALESCE((SELECT certified_at FROM cert), CASE WHEN $6 THEN now() END), (SELECT attestation_id FROM cert),
               (SELECT min(tp.recorded_at) FROM training_pix tp WHERE tp.aidant_sub = $8 AND tp.meets_threshold), now(), $7)`,
      [h.id, h.structureId, h.aidant, h.aidantNom, h.charteSignee, h.formationSuivie, h.requestedBy, h.aidantSub],
    );
  }

  async decide(m: EntityManager, id: string, statut: string, decidedBy: string, motif: string | null): Promise<void> {
    await m.query(`UPDATE habilitation SET statut = $2, decidee_le = now(), decidee_par = $3, motif = $4 WHERE id = $1`, [id, statut, decidedBy, motif]);
  }

  /** Marks the user's granted habilitation in the structure as theirs (records their `sub`); false if they have none. */
  async claimGranted(m: EntityManager, user: UserContext, structureId: string): Promise<boolean> {
    const [rows] = (await m.query(
      `UPDATE habilitation SET aidant_sub = $3 WHERE structure_id = $1 AND statut = 'accordee' AND (aidant_sub = $3 OR (aidant_sub IS NULL AND aidant_username = $2)) RETURNING id`,
      [structureId, user.username, user.sub],
    )) as [unknown[], number];
    return rows.length > 0;
  }
}

export function presentHabilitation(r: HabilitationRow): Habilitation {
  return {
    id: r.id,
    structureId: r.structure_id,
    structure: r.structure_nom ? { nom: r.structure_nom } : null,
    aidant: { id: r.aidant_sub, username: r.aidant_username, nom: r.aidant_nom_affiche ?? r.aidant_nom },
    statut: r.statut,
    charteSignee: r.charte_signee_le !== null,
    formationSuivie: r.formation_suivie_le !== null,
    pixReussi: r.pix_reussi_le !== null,
    certificationRetireeLe: r.certification_retiree_le?.toISOString() ?? null,
    charteASignerVersion: r.charte_a_signer_version,
    demandeeLe: r.demandee_le.toISOString(),
    demandeePar: r.demandee_par,
    decideeLe: r.decidee_le?.toISOString() ?? null,
    decideePar: r.decidee_par,
    motif: r.motif,
  };
}
