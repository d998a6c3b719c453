import type { AutorisationStatut, Demarche, HabilitationStatut, MandatStatut } from './demarches';

// What the mandates routes answer, as their readers (the web app, partners) see it. The services'
// presenters return these types, so a change of shape is a compile error on both sides.

export interface Items<T> {
  items: T[];
}

export interface Verification {
  statut: MandatStatut;
  debut: string;
  fin: string;
  revoqueLe: string | null;
  structure: string | null;
  demarches: Array<{ slug: string; label: string; active: boolean }>;
  /** SHA-256 of the journal entry that recorded the creation. */
  empreinte?: string;
  verifieLe: string;
}

export interface Usager {
  id: string;
  nom: string;
  prenoms: string;
  dateNaissance: string;
  lieuNaissance: string;
  email: string | null;
  telephone: string | null;
  /** The person has linked their PIN account to this dossier. */
  compteRelie: boolean;
  creeLe: string;
  /** Set once the retention purge erased the identity. */
  purgeLe?: string;
}

export interface Mandat {
  id: string;
  usagerId: string;
  statut: MandatStatut;
  debut: string;
  fin: string;
  dureeJours: number;
  consentementLe: string;
  revoqueLe: string | null;
  structure: { id: string; nom: string | null };
  creePar?: { username: string; nom: string | null };
  demarches: Array<{ slug: Demarche | string; label: string; statut: AutorisationStatut; revoqueLe: string | null }>;
  verificationToken: string;
  /** Only in the answer that created the mandate, when the usager has no account yet. */
  codeReclamation?: string;
}

export interface JournalEntry {
  seq: number;
  date: string;
  action: string;
  libelle?: string;
  /** Name of the person who acted (erased by the retention purge). */
  acteur?: string | null;
  /** Name of the structure the entry belongs to. */
  structure?: string | null;
  demarche?: string | null;
  detail?: string | null;
  /** How many entries this line stands for (consultations of one day by one person). */
  fois?: number;
}

export interface Habilitation {
  id: string;
  structureId: string;
  structure?: { nom: string | null } | null;
  /** `id`: the aidant's subject (null for a request made before members were known). */
  aidant: { id?: string | null; username: string; nom?: string | null };
  statut: HabilitationStatut;
  charteSignee: boolean;
  formationSuivie: boolean;
  /** « Test PIX réussi »: a PIX result meeting the threshold was recorded in the training service. */
  pixReussi: boolean;
  /**
   * When the training certification this habilitation relied on was withdrawn by the network: a
   * pending request lost « formation suivie »; a granted habilitation stays granted (never withdrawn
   * automatically) but is flagged for the référent and the animateur to review.
   */
  certificationRetireeLe: string | null;
  /**
   * « Charte à signer de nouveau »: the labelling service published this version of the charte de
   * l'aidant after the aidant's signature. A pending request lost « charte signée »; a granted
   * habilitation stays granted (never withdrawn automatically). Null once the aidant signed it.
   */
  charteASignerVersion: number | null;
  demandeeLe: string;
  /** Username of the référent who asked. */
  demandeePar: string;
  decideeLe: string | null;
  /** Username of the animateur (or référent) who decided. */
  decideePar: string | null;
  motif: string | null;
}
