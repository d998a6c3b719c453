import type { HalfDayPeriod, TrainingLevel, TrainingModality } from './training.dto';
import type { DiagnosticAnswers, Orientation } from './diagnostic.dto';

/**
 * Answers of the training routes, as the service's presenters return them and the web app reads
 * them (type-only: nothing here exists at run time).
 */

export interface TrainingModule {
  id: string;
  niveau: TrainingLevel;
  titre: string;
  objectifs: string[];
  dureeMinutes: number;
  modalite: TrainingModality;
}

export interface TrainingModulesResponse {
  niveaux: Array<{ niveau: TrainingLevel; modules: TrainingModule[] }>;
}

export interface TrainingPath {
  id: string;
  titre: string;
  niveau: TrainingLevel;
  description: string;
  /** Completing it is the « formation suivie » prerequisite of a habilitation. */
  requisHabilitation: boolean;
  dureeMinutes: number;
  modules: TrainingModule[];
}

export interface TrainingHalfDay {
  /** Rank in the session (1 = first). */
  rang: number;
  /** ISO date (AAAA-MM-JJ). */
  date: string;
  periode: HalfDayPeriod;
}

export type TrainingSessionStatus = 'ouverte' | 'annulee';

/** Public shape of a session: no participant, no trainer, no visio link. */
export interface TrainingSession {
  id: string;
  moduleId: string | null;
  parcoursId: string | null;
  intitule: string;
  demiJournees: TrainingHalfDay[];
  lieu: { id: string; nom: string | null; commune: string | null } | null;
  /** Remote session (visio). */
  distance: boolean;
  capacite: number;
  inscrits: number;
  placesRestantes: number;
  enAttente: number;
  statut: TrainingSessionStatus;
  motifAnnulation: string | null;
}

export interface TrainingSessionCapacityChanged extends TrainingSession {
  /** Registrations promoted from the waiting list by the raised capacity. */
  promues: string[];
}

export type TrainingRegistrationStatus = 'inscrit' | 'attente' | 'annule';

export interface TrainingRegistration {
  id: string;
  sessionId: string;
  statut: TrainingRegistrationStatus;
  /** Position on the waiting list (1 = next to get a seat), null unless waiting. */
  rangAttente: number | null;
  structureId: string | null;
  inscritLe: string;
  promueLe: string | null;
  annuleeLe: string | null;
  /** When the reminder before the session was recorded (`TRAINING_REMINDER_DAYS` before it), null before. */
  rappelLe: string | null;
}

/** One of the caller's registrations with its session (and the visio link once they have a seat). */
export interface MyTrainingRegistration extends TrainingRegistration {
  session: TrainingSession;
  visio: string | null;
}

export interface TrainingRegistrationCancelled extends TrainingRegistration {
  /** Registrations promoted from the waiting list by this cancellation. */
  promues: string[];
}

/** The trainer's sheet: participants with their attendance per half-day. */
export interface TrainingSessionSheet {
  session: TrainingSession;
  visio: string | null;
  formateur: { username: string; nom: string | null };
  items: Array<TrainingRegistration & { participant: { username: string; nom: string | null }; presences: Array<{ demiJournee: number; present: boolean }> }>;
}

export interface TrainingAttestation {
  id: string;
  /** Verification code `F-XXXXX-XXXXX`. */
  code: string;
  type: 'module' | 'parcours';
  moduleId: string | null;
  parcoursId: string | null;
  intitule: string;
  dureeMinutes: number;
  delivreeLe: string;
  requisHabilitation: boolean;
  /** Set when the network withdrew it (it no longer counts as « formation suivie »). */
  retireeLe?: string | null;
}

export interface TrainingAttendanceRecorded {
  demiJournee: number;
  presences: number;
  /** Attestations issued by this sheet (participants who completed the session). */
  attestations: Array<TrainingAttestation & { inscriptionId: string }>;
}

/** What anyone holding the code may read: no personal data. */
export interface TrainingAttestationVerification {
  /** The attestation's id (what the network's withdrawal names); not personal data. */
  id: string;
  code: string;
  /** `retiree`: withdrawn by the network (granted by mistake). */
  statut: 'valide' | 'retiree';
  type: 'module' | 'parcours';
  intitule: string;
  dureeMinutes: number;
  /** ISO date (AAAA-MM-JJ). */
  delivreeLe: string;
  /** The path required for habilitation (« formation suivie »): the network may withdraw it if granted by mistake. */
  certification: boolean;
}

export interface DiagnosticQuestionsResponse {
  questions: Record<keyof DiagnosticAnswers, { question: string; reponses: Record<string, string> }>;
  orientations: Record<Orientation, string>;
}

export interface DiagnosticResult {
  id: string | null;
  orientation: Orientation;
  motif: string;
  /** The answers were kept (the person agreed). */
  conserve: boolean;
}

/** A PIX result recorded by a référent (or the network) with the certificate's verification code. */
export interface TrainingPixResult {
  id: string;
  structureId: string;
  aidant: { username: string; nom: string | null };
  score: number;
  /** ISO date of the test. */
  date: string;
  preuve: { codeVerification: string; commentaire: string | null };
  enregistrePar: string;
  enregistreLe: string;
  /** At or above `TRAINING_PIX_MIN_SCORE`: « test PIX réussi » for habilitation. */
  seuilAtteint: boolean;
}
