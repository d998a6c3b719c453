import type { TrainingHalfDay, TrainingRegistration, TrainingSession } from '@pin/contracts';
import type { HalfDayRow, RegistrationRow, SessionRow } from './session.repository';

export function presentHalfDays(halfDays: HalfDayRow[]): TrainingHalfDay[] {
  return halfDays.map((h) => ({ rang: h.rang, date: h.jour, periode: h.periode }));
}

/** Public shape of a session: no participant, no trainer's name, the visio link only to those registered. */
export function presentSession(s: SessionRow, halfDays: HalfDayRow[]): TrainingSession {
  return {
    id: s.id,
    moduleId: s.module_id,
    parcoursId: s.path_id,
    intitule: s.titre,
    demiJournees: presentHalfDays(halfDays),
    lieu: s.lieu_id ? { id: s.lieu_id, nom: s.lieu_nom, commune: s.lieu_commune } : null,
    distance: s.visio_url !== null,
    capacite: s.capacite,
    inscrits: s.inscrits,
    placesRestantes: Math.max(0, s.capacite - s.inscrits),
    enAttente: s.en_attente,
    statut: s.statut,
    motifAnnulation: s.motif_annulation,
  };
}

export function presentRegistration(r: RegistrationRow, extra: { rangAttente?: number | null } = {}): TrainingRegistration {
  return {
    id: r.id,
    sessionId: r.session_id,
    statut: r.statut,
    rangAttente: extra.rangAttente ?? null,
    structureId: r.structure_id,
    inscritLe: r.creee_le.toISOString(),
    promueLe: r.promue_le?.toISOString() ?? null,
    annuleeLe: r.annulee_le?.toISOString() ?? null,
    rappelLe: r.rappel_le?.toISOString() ?? null,
  };
}
