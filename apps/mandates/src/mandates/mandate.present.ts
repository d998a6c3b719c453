import { DEMARCHES, type AutorisationStatut, type Demarche, type MandatStatut } from '@pin/contracts';
import type { Mandat } from '@pin/contracts';

export interface MandatRow {
  id: string;
  usager_id: string;
  structure_id: string;
  structure_nom: string | null;
  cree_par_username: string;
  cree_par_nom: string | null;
  debut: Date;
  fin: Date;
  duree_jours: number;
  consentement_le: Date;
  revoque_le: Date | null;
  revoque_par: 'usager' | 'aidant' | null;
  revoque_par_nom: string | null;
  verification_token: string;
  creation_hash: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
}

export interface AutorisationRow {
  id: string;
  mandat_id: string;
  demarche: Demarche;
  debut: Date;
  fin: Date;
  revoque_le: Date | null;
  revoque_motif: string | null;
}


export function autorisationStatut(a: { debut: Date; fin: Date; revoque_le: Date | null }, now = new Date()): AutorisationStatut {
  if (a.revoque_le) return 'revoquee';
  if (now < a.debut) return 'a_venir';
  if (now >= a.fin) return 'expiree';
  return 'active';
}

/** Status is computed from dates at read time: nothing has to run for a mandate to expire. */
export function mandatStatut(m: MandatRow, autorisations: readonly AutorisationRow[], now = new Date()): MandatStatut {
  if (m.revoque_le || (autorisations.length > 0 && autorisations.every((a) => a.revoque_le))) return 'revoque';
  if (now < m.debut) return 'a_venir';
  if (now >= m.fin) return 'expire';
  return 'valide';
}

export function revokedAt(m: MandatRow, autorisations: readonly AutorisationRow[]): Date | null {
  if (m.revoque_le) return m.revoque_le;
  if (autorisations.length > 0 && autorisations.every((a) => a.revoque_le)) return new Date(Math.max(...autorisations.map((a) => a.revoque_le!.getTime())));
  return null;
}

export function presentMandat(m: MandatRow, autorisations: readonly AutorisationRow[], extra: { codeReclamation?: string } = {}): Mandat {
  const now = new Date();
  return {
    id: m.id,
    usagerId: m.usager_id,
    structure: { id: m.structure_id, nom: m.structure_nom },
    statut: mandatStatut(m, autorisations, now),
    debut: m.debut.toISOString(),
    fin: m.fin.toISOString(),
    dureeJours: m.duree_jours,
    consentementLe: m.consentement_le.toISOString(),
    revoqueLe: revokedAt(m, autorisations)?.toISOString() ?? null,
    creePar: { username: m.cree_par_username, nom: m.cree_par_nom },
    demarches: autorisations.map((a) => ({
      slug: a.demarche,
      label: DEMARCHES[a.demarche] ?? a.demarche,
      statut: autorisationStatut(a, now),
      revoqueLe: a.revoque_le?.toISOString() ?? null,
    })),
    verificationToken: m.verification_token,
    ...extra,
  };
}
export type MandatView = ReturnType<typeof presentMandat>;
