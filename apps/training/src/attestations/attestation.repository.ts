import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TrainingAttestation, TrainingAttestationVerification } from '@pin/contracts';
import { durationLabel } from './pdf/pdf-text';

export interface AttestationRow {
  id: string;
  code: string;
  participant_username: string;
  participant_sub: string | null;
  participant_nom: string | null;
  structure_id: string | null;
  module_id: string | null;
  path_id: string | null;
  registration_id: string | null;
  delivree_le: Date;
  certification_emise_le: Date | null;
  retiree_le: Date | null;
  titre: string;
  duree_minutes: number;
  requis_habilitation: boolean;
}

const SELECT = `
  SELECT a.*, coalesce(tm.titre, tp.titre) AS titre, tp.requis_habilitation IS TRUE AS requis_habilitation,
         coalesce(tm.duree_minutes, (SELECT sum(m2.duree_minutes)::int FROM training_path_module pm JOIN training_module m2 ON m2.id = pm.module_id WHERE pm.path_id = a.path_id)) AS duree_minutes
    FROM attestation a
    LEFT JOIN training_module tm ON tm.id = a.module_id
    LEFT JOIN training_path tp ON tp.id = a.path_id`;

export interface Participant {
  username: string;
  sub: string | null;
  nom: string | null;
  structureId: string | null;
}

/** SQL of attestations; every method runs in the caller's transaction. */
@Injectable()
export class AttestationRepository {
  async byId(m: EntityManager, id: string): Promise<AttestationRow | undefined> {
    return ((await m.query(`${SELECT} WHERE a.id = $1`, [id])) as AttestationRow[])[0];
  }

  async byCode(m: EntityManager, code: string): Promise<AttestationRow | undefined> {
    return ((await m.query(`${SELECT} WHERE a.code = $1`, [code])) as AttestationRow[])[0];
  }

  async byRegistration(m: EntityManager, registrationId: string): Promise<AttestationRow | undefined> {
    return ((await m.query(`${SELECT} WHERE a.registration_id = $1`, [registrationId])) as AttestationRow[])[0];
  }

  async mine(m: EntityManager, username: string): Promise<AttestationRow[]> {
    return (await m.query(`${SELECT} WHERE a.participant_username = $1 ORDER BY a.delivree_le DESC`, [username])) as AttestationRow[];
  }

  /** Inserts the attestation unless the participant already holds one for that module or path; returns the new id, or null. */
  async insert(m: EntityManager, a: { id: string; code: string; participant: Participant; moduleId: string | null; pathId: string | null; registrationId: string | null }): Promise<string | null> {
    const target = a.moduleId ? `(participant_username, module_id) WHERE module_id IS NOT NULL` : `(participant_username, path_id) WHERE path_id IS NOT NULL`;
    // INSERT … RETURNING answers the rows themselves (UPDATE answers [rows, count]).
    const rows = (await m.query(
      `INSERT INTO attestation (id, code, participant_username, participant_sub, participant_nom, structure_id, module_id, path_id, registration_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ${target} DO NOTHING RETURNING id`,
      [a.id, a.code, a.participant.username, a.participant.sub, a.participant.nom, a.participant.structureId, a.moduleId, a.pathId, a.registrationId],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /** Paths whose every module the participant holds an attestation for, and no path attestation yet. */
  async pathsCompletedByModules(m: EntityManager, username: string): Promise<string[]> {
    const rows = (await m.query(
      `SELECT p.id FROM training_path p
        WHERE NOT EXISTS (SELECT 1 FROM attestation a WHERE a.participant_username = $1 AND a.path_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM training_path_module pm WHERE pm.path_id = p.id
                            AND NOT EXISTS (SELECT 1 FROM attestation a WHERE a.participant_username = $1 AND a.module_id = pm.module_id))`,
      [username],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Attestations of a required path whose certification event is still to be emitted (subject now known). */
  async pendingCertifications(m: EntityManager, username: string): Promise<AttestationRow[]> {
    return (await m.query(
      `${SELECT} WHERE a.participant_username = $1 AND a.participant_sub IS NOT NULL AND a.certification_emise_le IS NULL AND a.retiree_le IS NULL AND tp.requis_habilitation FOR UPDATE OF a`,
      [username],
    )) as AttestationRow[];
  }

  /** What the printed attestation lists: a path's modules with their durations, or a module's objectives. */
  async content(m: EntityManager, a: AttestationRow): Promise<string[]> {
    if (a.path_id) {
      const rows = (await m.query(`SELECT tm.titre, tm.duree_minutes FROM training_path_module pm JOIN training_module tm ON tm.id = pm.module_id WHERE pm.path_id = $1 ORDER BY pm.rang`, [a.path_id])) as Array<{ titre: string; duree_minutes: number }>;
      return rows.map((r) => `${r.titre} (${durationLabel(r.duree_minutes)})`);
    }
    return ((await m.query(`SELECT objectifs FROM training_module WHERE id = $1`, [a.module_id])) as Array<{ objectifs: string[] }>)[0]?.objectifs ?? [];
  }

  async markCertificationEmitted(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE attestation SET certification_emise_le = now() WHERE id = $1`, [id]);
  }

  async claim(m: EntityManager, username: string, sub: string): Promise<void> {
    await m.query(`UPDATE attestation SET participant_sub = $2 WHERE participant_username = $1 AND participant_sub IS NULL`, [username, sub]);
    await m.query(`UPDATE pix_result SET aidant_sub = $2 WHERE aidant_username = $1 AND aidant_sub IS NULL`, [username, sub]);
  }

  /** The attestation, locked for the withdrawal. */
  async lock(m: EntityManager, id: string): Promise<AttestationRow | undefined> {
    return ((await m.query(`${SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [id])) as AttestationRow[])[0];
  }

  async markWithdrawn(m: EntityManager, id: string, by: string, motif: string): Promise<void> {
    await m.query(`UPDATE attestation SET retiree_le = now(), retiree_par = $2, motif_retrait = $3 WHERE id = $1`, [id, by, motif]);
  }

  /** PIX results of this person whose subject id is known and whose event is still to be emitted. */
  async pendingPix(m: EntityManager, username: string): Promise<Array<{ id: string; aidant_sub: string; structure_id: string; passe_le: string; seuil_atteint: boolean }>> {
    return (await m.query(
      `SELECT id, aidant_sub, structure_id, to_char(passe_le, 'YYYY-MM-DD') AS passe_le, seuil_atteint FROM pix_result
        WHERE aidant_username = $1 AND aidant_sub IS NOT NULL AND evenement_emis_le IS NULL ORDER BY enregistre_le FOR UPDATE`,
      [username],
    )) as Array<{ id: string; aidant_sub: string; structure_id: string; passe_le: string; seuil_atteint: boolean }>;
  }

  async markPixEmitted(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE pix_result SET evenement_emis_le = now() WHERE id = $1`, [id]);
  }

  /** The subject id of a person known by username in this service (attestations, registrations), if any. */
  async knownSub(m: EntityManager, username: string): Promise<string | null> {
    const rows = (await m.query(
      `SELECT participant_sub AS sub FROM attestation WHERE participant_username = $1 AND participant_sub IS NOT NULL
       UNION ALL SELECT participant_sub FROM registration WHERE participant_username = $1 AND participant_sub IS NOT NULL LIMIT 1`,
      [username],
    )) as Array<{ sub: string }>;
    return rows[0]?.sub ?? null;
  }
}

export function presentAttestation(a: AttestationRow): TrainingAttestation {
  return {
    id: a.id,
    code: a.code,
    type: a.module_id ? 'module' : 'parcours',
    moduleId: a.module_id,
    parcoursId: a.path_id,
    intitule: a.titre,
    dureeMinutes: a.duree_minutes,
    delivreeLe: a.delivree_le.toISOString(),
    requisHabilitation: a.requis_habilitation,
    retireeLe: a.retiree_le?.toISOString() ?? null,
  };
}

/** What anyone holding the code may read: no personal data. */
export function presentVerification(a: AttestationRow): TrainingAttestationVerification {
  return {
    id: a.id,
    code: a.code,
    statut: a.retiree_le ? 'retiree' : 'valide',
    type: a.module_id ? 'module' : 'parcours',
    intitule: a.titre,
    dureeMinutes: a.duree_minutes,
    delivreeLe: a.delivree_le.toISOString().slice(0, 10),
    certification: a.requis_habilitation,
  };
}
