import type { Role } from '../roles';
import type { Demarche, HabilitationStatut } from './demarches';

// Response shapes of the structure members and of the working-space summary (mandates service).
// Types only: the web app imports them with `import type`.

/** A habilitation as the members list and the working space show it. */
export interface HabilitationSummary {
  id: string;
  statut: HabilitationStatut;
  /** Reason of a refusal or withdrawal, when one was given. */
  motif: string | null;
  /** When it was requested, or decided if it was. ISO 8601. */
  depuis: string;
}

/** A person who acts in a structure, known from their logins (`GET /structures/:id/membres`). */
export interface StructureMember {
  /** The member's subject (SSO user id): what `POST /habilitations` takes as `memberId`. */
  id: string;
  username: string;
  /** Display name from the SSO (given and family name), or null if the token had none. */
  nom: string | null;
  roles: Role[];
  /** Last call to the API seen (recorded at most once an hour). ISO 8601. */
  derniereActivite: string;
  /** The member's latest habilitation in this structure, or null if none was ever requested. */
  habilitation: HabilitationSummary | null;
}

export interface StructureMembersResponse {
  structureId: string;
  items: StructureMember[];
}

/** Habilitation state of the caller in one structure; `aucune` when none was ever requested. */
export type EspaceHabilitationStatut = HabilitationStatut | 'aucune';

export interface EspaceMandatEcheance {
  id: string;
  usagerId: string;
  /** « Prénoms Nom » of the usager, or null once their personal data was purged. */
  usagerNom: string | null;
  /** End date of the mandate, ISO 8601. */
  fin: string;
  /** Démarches still authorized (not revoked). */
  demarches: Demarche[];
}

export interface EspaceActivite {
  usagerId: string;
  usagerNom: string | null;
  /** Journal action: `usager.cree`, `usager.consulte`, `usager.modifie`, `mandat.cree`… */
  action: string;
  /** ISO 8601. */
  le: string;
}

/** One structure of an aidant, médiateur or référent. */
export interface EspaceStructure {
  structureId: string;
  nom: string | null;
  habilitation: {
    statut: EspaceHabilitationStatut;
    id: string | null;
    motif: string | null;
    depuis: string | null;
    /** What is missing to be habilitated, in French (empty once granted). */
    manque: string[];
  };
  usagersSuivis: number;
  /** Mandates of the structure ending within 30 days, soonest first. */
  mandatsBientotEchus: EspaceMandatEcheance[];
  /** The last usagers this person created or consulted in the structure, newest first (10 at most). */
  activiteRecente: EspaceActivite[];
  /** Référent only: habilitation requests of the structure awaiting the animateur; null otherwise. */
  demandesEnAttente: number | null;
}

/** What the network (animateur, admin) has to decide. */
export interface EspaceReseau {
  habilitationsADecider: number;
  /** Web page where they are decided. */
  lien: string;
}

/** The usager's own space. */
export interface EspaceUsager {
  dossiers: number;
  mandatsActifs: number;
  mandatsBientotEchus: Array<Omit<EspaceMandatEcheance, 'usagerNom'> & { structure: { id: string; nom: string | null } }>;
  entreesJournal: number;
  derniereEntreeJournal: string | null;
}

/** `GET /api/v1/espace`: what the home page needs for the signed-in caller. */
export interface EspaceResponse {
  utilisateur: { id: string; username: string; nom: string | null; roles: Role[] };
  /** Aidant, médiateur, référent: one entry per structure of the token. */
  structures: EspaceStructure[];
  /** Animateur, admin; null otherwise. */
  reseau: EspaceReseau | null;
  /** Usager; null otherwise. */
  usager: EspaceUsager | null;
}
