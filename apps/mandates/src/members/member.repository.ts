import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HabilitationStatut, Role, StructureMember } from '@pin/contracts';
import type { MemberFacts } from './member-recording';

export interface MemberRow {
  structure_id: string;
  sub: string;
  username: string;
  nom: string | null;
  roles: Role[];
  last_seen: Date;
}

interface MemberWithHabilitationRow extends MemberRow {
  h_id: string | null;
  h_statut: HabilitationStatut | null;
  h_motif: string | null;
  h_depuis: Date | null;
}

/**
 * A member's latest habilitation in the structure: the open one (requested or granted) first, else
 * the latest; matched by subject, or by username for a habilitation requested before the subject was known.
 */
export const LATEST_HABILITATION = (structure: string, sub: string, username: string) => `
  SELECT h.id, h.statut, h.motif, COALESCE(h.decidee_le, h.demandee_le) AS depuis, h.charte_signee_le, h.formation_suivie_le, h.pix_reussi_le, h.certification_retiree_le, h.charte_a_signer_version FROM habilitation h
   WHERE h.structure_id = ${structure} AND (h.aidant_sub = ${sub} OR (h.aidant_sub IS NULL AND h.aidant_username = ${username}))
   ORDER BY (h.statut IN ('demandee', 'accordee')) DESC, h.demandee_le DESC LIMIT 1`;

/** SQL of `structure_member`: who acts in which structure, known from their logins. */
@Injectable()
export class MemberRepository {
  /**
   * Creates or refreshes a member. An existing row is only rewritten when its facts changed or it
   * was last seen more than an hour ago (other replicas may have just written it).
   */
  async upsert(m: EntityManager, f: MemberFacts): Promise<void> {
    await m.query(
      `INSERT INTO structure_member (structure_id, sub, username, nom, roles, last_seen) VALUES ($1, $2, $3, $4, $5::text[], now())
       ON CONFLICT (structure_id, sub) DO UPDATE SET username = EXCLUDED.username, nom = EXCLUDED.nom, roles = EXCLUDED.roles, last_seen = now()
        WHERE structure_member.last_seen < now() - interval '1 hour'
           OR (structure_member.username, structure_member.nom, structure_member.roles) IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.nom, EXCLUDED.roles)`,
      [f.structureId, f.sub, f.username, f.nom, f.roles],
    );
  }

  async find(m: EntityManager, structureId: string, sub: string): Promise<MemberRow | undefined> {
    return ((await m.query(`SELECT * FROM structure_member WHERE structure_id = $1 AND sub = $2`, [structureId, sub])) as MemberRow[])[0];
  }

  /** The structure's members with their latest habilitation there, by name. */
  async list(m: EntityManager, structureId: string): Promise<StructureMember[]> {
    const rows = (await m.query(
      `SELECT sm.*, h.id AS h_id, h.statut AS h_statut, h.motif AS h_motif, h.depuis AS h_depuis
         FROM structure_member sm
         LEFT JOIN LATERAL (${LATEST_HABILITATION('sm.structure_id', 'sm.sub', 'sm.username')}) h ON true
        WHERE sm.structure_id = $1
        ORDER BY lower(COALESCE(sm.nom, sm.username)), sm.username LIMIT 1000`,
      [structureId],
    )) as MemberWithHabilitationRow[];
    return rows.map(presentMember);
  }
}

export function presentMember(r: MemberWithHabilitationRow): StructureMember {
  return {
    id: r.sub,
    username: r.username,
    nom: r.nom,
    roles: r.roles,
    derniereActivite: r.last_seen.toISOString(),
    habilitation: r.h_id && r.h_statut && r.h_depuis ? { id: r.h_id, statut: r.h_statut, motif: r.h_motif, depuis: r.h_depuis.toISOString() } : null,
  };
}
