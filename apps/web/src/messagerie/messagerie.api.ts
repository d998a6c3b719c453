import type { AddressProposal, AppPasswordView, MailboxView, QuotaView } from '@pin/contracts';
import { api, requestFile } from '../app/api';

/** Calls of the mailbox service (`/api/v1/…/messagerie…`), typed from the contracts. */
export const fetchUsagerMailbox = (usagerId: string) => api.get<MailboxView>(`/api/v1/usagers/${usagerId}/messagerie`);
export const proposeAddresses = (usagerId: string, prenom: string, nom: string) => api.post<AddressProposal>(`/api/v1/usagers/${usagerId}/messagerie/propositions`, { prenom, nom });
export const requestMailbox = (usagerId: string, body: { prenom: string; nom: string; demarche: string; consentement: true; localPart?: string }) =>
  api.post<MailboxView>(`/api/v1/usagers/${usagerId}/messagerie`, body);
export const mailboxAction = (id: string, action: 'suspension' | 'reactivation' | 'desactivation' | 'suppression' | 'reinitialisation') => api.post<MailboxView>(`/api/v1/messageries/${id}/${action}`, {});
export const fetchLetter = (id: string) => requestFile('GET', `/api/v1/messageries/${id}/courrier.pdf`);

export const fetchMyMailbox = () => api.get<MailboxView>('/api/v1/moi/messagerie');
export const fetchMyQuota = () => api.get<QuotaView>('/api/v1/moi/messagerie/quota');
export const changeMyPassword = (body: { adresse: string; motDePasseActuel: string; nouveauMotDePasse: string }) => api.post<MailboxView>('/api/v1/moi/messagerie/mot-de-passe', body);
export const fetchAppPasswords = () => api.get<{ items: AppPasswordView[] }>('/api/v1/moi/messagerie/mots-de-passe-application');
export const createAppPassword = (nom: string) => api.post<AppPasswordView & { motDePasse: string }>('/api/v1/moi/messagerie/mots-de-passe-application', { nom });
export const revokeAppPassword = (id: string) => api.delete<{ revoque: boolean }>(`/api/v1/moi/messagerie/mots-de-passe-application/${id}`);

export const STATUT_LABELS: Record<MailboxView['statut'], string> = {
  demandee: 'Demandée',
  en_cours: 'En cours de création',
  active: 'Active',
  suspendue: 'Connexion suspendue (le courrier arrive toujours)',
  desactivee: 'Désactivée',
  suppression_programmee: 'Suppression programmée',
  supprimee: 'Supprimée',
  echec: 'Création impossible',
};
