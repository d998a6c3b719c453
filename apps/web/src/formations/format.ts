import type { HalfDayPeriod, TrainingHalfDay, TrainingLevel, TrainingModality, TrainingSession } from '@pin/contracts';

/** How people read the référentiel's levels, modalities and a session's half-days. */

export const LEVEL_LABELS: Record<TrainingLevel, string> = {
  aidant: 'Niveau aidant',
  mediateur: 'Niveau médiateur',
  decideur: 'Sensibilisation des décideurs',
};

export const MODALITY_LABELS: Record<TrainingModality, string> = {
  presentiel: 'En présentiel',
  distance: 'À distance',
  mixte: 'En présentiel ou à distance',
};

const PERIOD_LABELS: Record<HalfDayPeriod, string> = {
  matin: 'matin (9 h – 12 h 30)',
  'apres-midi': 'après-midi (13 h 30 – 17 h)',
};

/** « 7 h », « 3 h 30 », « 45 min ». */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
}

const dayFr = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `AAAA-MM-JJ` as « lundi 4 mai 2099 » (a calendar date: no time-zone shift). */
export const dayLabel = (isoDate: string) => dayFr.format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`));

export const halfDayLabel = (h: Pick<TrainingHalfDay, 'date' | 'periode'>) => `${dayLabel(h.date)}, ${PERIOD_LABELS[h.periode]}`;

/** Where a session takes place: the lieu and its commune, or « À distance ». */
export function placeLabel(s: Pick<TrainingSession, 'lieu' | 'distance'>): string {
  if (s.distance) return 'À distance (visioconférence)';
  if (!s.lieu) return 'Lieu à préciser';
  return [s.lieu.nom, s.lieu.commune].filter(Boolean).join(', ') || 'Lieu à préciser';
}

/** Seats left, or the waiting list once full. */
export function seatsLabel(s: Pick<TrainingSession, 'placesRestantes' | 'enAttente' | 'statut'>): string {
  if (s.statut === 'annulee') return 'Session annulée';
  if (s.placesRestantes > 1) return `${s.placesRestantes} places disponibles`;
  if (s.placesRestantes === 1) return '1 place disponible';
  return s.enAttente ? `Complet : ${s.enAttente} ${s.enAttente > 1 ? 'personnes' : 'personne'} en liste d’attente` : 'Complet : inscription en liste d’attente';
}

/** The outcome of a registration, said to the person who registered (`who`: 'self' or the aidant's name). */
export function registrationOutcome(r: { statut: string; rangAttente: number | null }, who: 'self' | string): string {
  const subject = who === 'self' ? 'vous êtes' : `${who} est`;
  if (r.statut === 'inscrit') return who === 'self' ? 'Vous êtes inscrit·e à cette session.' : `${who} est inscrit·e à cette session.`;
  return `La session est complète : ${subject} en liste d’attente, en position ${r.rangAttente ?? '?'}. La place est attribuée automatiquement dès qu’une personne se désiste.`;
}
