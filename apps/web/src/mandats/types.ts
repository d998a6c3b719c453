import type { AutorisationStatut, Demarche, HabilitationStatut, MandatStatut } from '@pin/contracts';

// Response shapes of the mandates routes as the web app reads them. The request bodies and the
// status unions come from `@pin/contracts` (type-only imports: vite must not bundle zod).

export type { CreateMandat, CreateUsager, MandatStatut } from '@pin/contracts';

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
  compteRelie?: boolean;
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
  demandeeLe: string;
  decideeLe: string | null;
  motif: string | null;
}
