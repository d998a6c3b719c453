import type { AnnouncementView, CreatedOrientationView, DeliveryView, OperatorNoticeView, OperatorOverview, OrientationView, PersonOrientationView, RotatedWebhookView, SubscriptionView, WebhookView } from '@pin/contracts';
import { api } from '../app/api';

/** The operators routes of the gateway, through the app's one HTTP client. */

const enc = encodeURIComponent;
interface Items<T> {
  items: T[];
}
export interface DeliveryPage {
  items: DeliveryView[];
  total: number;
  page: number;
  pageSize: number;
}

const admin = (operateur: string) => `/api/v1/admin/operateurs/${enc(operateur)}`;

/** The Département's staff console (animateurs, admins). */
export const fetchOperators = () => api.get<Items<OperatorOverview>>('/api/v1/admin/operateurs');
export const fetchWebhooks = (operateur: string) => api.get<Items<WebhookView>>(`${admin(operateur)}/webhooks`);
export const fetchNotices = (operateur: string) => api.get<Items<OperatorNoticeView>>(`${admin(operateur)}/avis`);
export const fetchSubscriptions = (operateur: string) => api.get<Items<SubscriptionView>>(`${admin(operateur)}/abonnements`);
export const fetchDeliveries = (operateur: string, webhookId: string, page = 1, statut?: string) =>
  api.get<DeliveryPage>(`${admin(operateur)}/webhooks/${enc(webhookId)}/livraisons`, { query: { page, pageSize: 20, statut } });
export const fetchDelivery = (operateur: string, id: string) => api.get<DeliveryView>(`${admin(operateur)}/livraisons/${enc(id)}`);
export const replayDelivery = (operateur: string, id: string) => api.post<{ rejouees: number }>(`${admin(operateur)}/livraisons/${enc(id)}/rejeu`);
export const replaySince = (operateur: string, webhookId: string, depuis: string) =>
  api.post<{ rejouees: number }>(`${admin(operateur)}/webhooks/${enc(webhookId)}/rejeu`, { depuis });
export const rotateSecret = (operateur: string, webhookId: string) => api.post<RotatedWebhookView>(`${admin(operateur)}/webhooks/${enc(webhookId)}/rotation`);
export const setWebhookActive = (operateur: string, webhookId: string, actif: boolean) => api.patch<WebhookView>(`${admin(operateur)}/webhooks/${enc(webhookId)}`, { actif });

/** Aidants and the network: the operators' announcements. */
export const fetchAnnouncements = () => api.get<Items<AnnouncementView>>('/api/v1/annonces');
export const acknowledgeAnnouncement = (id: string) => api.post<{ id: string; lue: boolean }>(`/api/v1/annonces/${enc(id)}/lecture`);

/** The lieux's structures: orientations received. */
export const fetchOrientations = (statut?: string, sens: 'recues' | 'envoyees' = 'recues') => api.get<Items<OrientationView>>('/api/v1/orientations', { query: { statut, sens } });
export const setOrientationStatus = (id: string, statut: string, rendezVousLe?: string) =>
  api.post<OrientationView>(`/api/v1/orientations/${enc(id)}/statut`, rendezVousLe ? { statut, rendezVousLe } : { statut });
/** An aidant orients the person they help (with their consent) to a lieu of another structure. */
export const createOrientation = (body: { lieuId: string; demarche: string; besoin?: string; consentement: boolean }) => api.post<CreatedOrientationView>('/api/v1/orientations', body);
export const fetchOperatorAnnouncements = (operateur: string) => api.get<Items<AnnouncementView>>(`${admin(operateur)}/annonces`);
export const fetchOperatorOrientations = (operateur: string) => api.get<Items<OrientationView>>(`${admin(operateur)}/orientations`);

/** The person, with their tracking code: always in the POST body, never in an address. */
export const fetchPersonOrientation = (code: string) => api.post<PersonOrientationView>('/api/v1/mon-orientation', { code });
export const cancelPersonOrientation = (code: string) => api.post<PersonOrientationView>('/api/v1/mon-orientation/annulation', { code });
