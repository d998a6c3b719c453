import type { MesLieuxReply } from '@pin/contracts';
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
