import type { DossierPieceView, MesLieuxReply } from '@pin/contracts';
import { api } from '../app/api';

/** Calls of the labelling pages (routes of libs/contracts/src/routes/labelling.routes.ts). */

export interface Charte {
  version: number;
  texte: string;
  publieeLe: string;
  signeeLe: string | null;
  aSigner: boolean;
  derniereVersionSignee: number | null;
}

export interface DossierSummary {
  id: string;
  programmeId: string;
  niveau: string;
  lieuId: string;
  structureId: string;
  statut: string;
  deposeLe: string | null;
  instruisable?: boolean;
}

export interface Dossier extends DossierSummary {
  motif: string | null;
  criteres: Array<{
    id: string;
    titre: string;
    obligatoire: boolean;
    reponse: { texte: string; preuve: string | null; aidants: string[] } | null;
    avis: { conforme: boolean; commentaire: string | null; le: string } | null;
    pieces: DossierPieceView[];
  }>;
  historique: Array<{ seq: number; action: string; le: string }>;
}

export interface PassState {
  numero: number;
  code: string;
  statut: string;
  valeurCentimes: number;
  valideJusquAu: string;
  toleranceJusquAu: string;
  encaisseLe: string | null;
}

export const fetchCharte = () => api.get<Charte>('/api/v1/labellisation/charte');
export const signCharte = (version: number) => api.post<{ version: number; signeeLe: string }>('/api/v1/labellisation/charte/signature', { version });
export const publishCharte = (texte: string) => api.post<{ version: number }>('/api/v1/labellisation/charte/versions', { texte });

export const fetchDossiers = (statut?: string) => api.get<{ items: DossierSummary[] }>('/api/v1/labellisation/dossiers', { query: { statut } });
export const fetchDossier = (id: string) => api.get<Dossier>(`/api/v1/labellisation/dossiers/${encodeURIComponent(id)}`);
export const createDossier = (body: { programmeId: string; niveau: string; lieuId: string }) => api.post<Dossier>('/api/v1/labellisation/dossiers', body);
export const answerDossier = (id: string, reponses: Array<{ critereId: string; reponse: string }>) => api.put<Dossier>(`/api/v1/labellisation/dossiers/${encodeURIComponent(id)}/reponses`, { reponses });
export const submitDossier = (id: string) => api.post<Dossier>(`/api/v1/labellisation/dossiers/${encodeURIComponent(id)}/depot`);
export const takeDossier = (id: string) => api.post<Dossier>(`/api/v1/labellisation/dossiers/${encodeURIComponent(id)}/instruction`);
export const reviewDossier = (id: string, decision: string, commentaires: Array<{ critereId: string; conforme: boolean; commentaire?: string }>) =>
  api.post<Dossier>(`/api/v1/labellisation/dossiers/${encodeURIComponent(id)}/avis`, { decision, commentaires });

/** Pieces: the upload is multipart (DossierPieces.tsx); the download is a plain link (the session cookie authenticates it). */
export const pieceUrl = (dossierId: string, pieceId: string) => `/api/v1/labellisation/dossiers/${encodeURIComponent(dossierId)}/pieces/${encodeURIComponent(pieceId)}`;
export const removePiece = (dossierId: string, pieceId: string) => api.delete<{ id: string }>(pieceUrl(dossierId, pieceId));

export const fetchMesLieux = () => api.get<MesLieuxReply>('/api/v1/mes-lieux', { query: { pageSize: 100, statut: 'actif' } });
export const fetchLieuxAptic = () => api.get<{ items: Array<{ id: string; nom: string; commune: string }> }>('/api/v1/pass-numerique/lieux');
export const fetchPass = (code: string) => api.get<PassState>('/api/v1/pass-numerique/pass', { query: { code } });
export const redeemPass = (body: { code: string; lieuId: string; service: string }) => api.post<PassState>('/api/v1/pass-numerique/encaissements', body);

export const STATUTS: Record<string, string> = {
  brouillon: 'Brouillon',
  depose: 'Déposé',
  en_instruction: 'En instruction',
  modifications_demandees: 'Modifications demandées',
  accorde: 'Label accordé',
  refuse: 'Refusé',
};
export const NIVEAUX: Record<string, string> = { accueil: 'Accueil', accompagnement: 'Accompagnement', reference: 'Lieu de référence' };

// ——— Pass Numérique: batches (animateur), prescriber, funder ———

export interface Lot {
  id: string;
  financeur: string;
  premierNumero: number;
  dernierNumero: number;
  valeurCentimes: number;
  valideJusquAu: string;
  toleranceJusquAu: string;
  creeLe: string;
  aAllouer: number;
}

export interface PassAlloue {
  numero: number;
  code: string | null;
  statut: string;
  valeurCentimes: number;
  valideJusquAu: string;
  encaisseLe: string | null;
  prescripteurId: string;
  financeur: string;
}

export interface Chiffre {
  id: string;
  libelle: string | null;
  total: number;
  parStatut: Record<string, number>;
  montantEncaisseCentimes: number;
}

export interface Demande {
  id: string;
  mois: string;
  financeur: string;
  statut: string;
  nombre: number;
  montantCentimes: number;
  creeeLe: string;
  payeeLe: string | null;
}

export interface Programme {
  id: string;
  nature: 'territorial' | 'national';
  titre: string;
  description: string;
  validiteMois: number | null;
  niveaux: Array<{ id: string; rang: number; titre: string }>;
  criteres: Array<{ id: string; titre: string; description: string; obligatoireDes: string | null; verification: string | null }>;
}

export interface StructureRef {
  id: string;
  nom: string;
  commune: string;
}

export const fetchLots = () => api.get<{ items: Lot[] }>('/api/v1/pass-numerique/lots');
export const createLot = (body: { financeur: string; premierNumero: number; nombre: number; valeurCentimes: number; valideJusquAu: string }) =>
  api.post<{ id: string; premierNumero: number; dernierNumero: number; codes: string[] }>('/api/v1/pass-numerique/lots', body);
export const allocatePasses = (body: { lotId: string; prescripteurId: string; nombre: number }) => api.post<{ nombre: number; codes: string[] }>('/api/v1/pass-numerique/allocations', body);
export const fetchMesPass = () => api.get<{ parStatut: Record<string, number>; items: PassAlloue[] }>('/api/v1/pass-numerique/mes-pass');
export const distributePass = (body: { code: string; beneficiaire: string }) => api.post<PassState>('/api/v1/pass-numerique/distributions', body);
export const fetchChiffres = (par: string) => api.get<{ par: string; items: Chiffre[] }>('/api/v1/pass-numerique/chiffres', { query: { par } });
export const fetchDemandes = () => api.get<{ items: Demande[] }>('/api/v1/pass-numerique/demandes-remboursement');
export const createDemande = (body: { mois: string; financeur: string }) => api.post<Demande>('/api/v1/pass-numerique/demandes-remboursement', body);
export const payDemande = (id: string) => api.post<Demande>(`/api/v1/pass-numerique/demandes-remboursement/${encodeURIComponent(id)}/paiement`);
/** The claim's CSV file, served by the gateway as an attachment. */
export const carnetUrl = (lotId: string) => `/api/v1/pass-numerique/lots/${encodeURIComponent(lotId)}/carnet.pdf`;
export const demandeCsvUrl = (id: string) => `/api/v1/pass-numerique/demandes-remboursement/${encodeURIComponent(id)}/fichier.csv`;
export const fetchProgrammes = () => api.get<{ items: Programme[] }>('/api/v1/labellisation/programmes');
/** A label in its validity (the service lists the active ones); `rappelEnvoye`: the renewal reminder went out. */
export interface Label {
  id: string;
  programmeId: string;
  niveau: string | null;
  lieuId: string;
  structureId: string | null;
  dossierId: string | null;
  preuve: string | null;
  depuis: string;
  jusquAu: string | null;
  statut: string;
  rappelEnvoye: boolean;
}

export const fetchLabels = (programmeId?: string) => api.get<{ items: Label[] }>('/api/v1/labellisation/labels', { query: { programmeId } });
/** Renewal: a new draft dossier prefilled with the previous answers. */
export const renewLabel = (id: string) => api.post<{ id: string; statut: string; renouvelleLabelId: string }>(`/api/v1/labellisation/labels/${encodeURIComponent(id)}/renouvellement`);
export const revokeLabel = (id: string, motif: string) => api.post<Label>(`/api/v1/labellisation/labels/${encodeURIComponent(id)}/retrait`, { motif });
export const fetchLieu = (id: string) => api.get<{ id: string; nom: string; commune: string }>(`/api/v1/lieux/${encodeURIComponent(id)}`);
export const cancelPass = (body: { code: string; motif: string }) => api.post<PassState>('/api/v1/pass-numerique/annulations', body);
export const recordNationalLabel = (body: { programmeId: string; lieuId: string; preuve: string; depuis: string; jusquAu?: string }) => api.post<{ id: string }>('/api/v1/labellisation/labels-nationaux', body);
export const fetchStructures = () => api.get<{ items: StructureRef[] }>('/api/v1/structures', { query: { pageSize: 100 } });
export const searchLieux = (q: string) => api.get<{ items: Array<{ id: string; nom: string; commune: string }> }>('/api/v1/lieux', { query: { q, pageSize: 20 } });

export const PASS_STATUTS: Record<string, string> = {
  lot: 'Non alloué',
  alloue: 'À remettre',
  distribue: 'Remis',
  scanne: 'Encaissé',
  reclame: 'Réclamé',
  paye: 'Payé',
  expire: 'Expiré',
  annule: 'Annulé',
};
export const euros = (centimes: number) => `${(centimes / 100).toFixed(2).replace('.', ',')} €`;
export const frDate = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
