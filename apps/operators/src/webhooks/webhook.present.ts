import type { DeliveryAttemptView, DeliveryView, OperatorEventType, SubscriptionView, WebhookView } from '@pin/contracts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface EndpointRow {
  id: string;
  operator_id: string;
  url: string;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Date | null;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
}

export const presentWebhook = (r: EndpointRow): WebhookView => ({
  id: r.id,
  url: r.url,
  description: r.description,
  actif: r.enabled,
  desactive_motif: r.disabled_reason,
  desactive_le: iso(r.disabled_at),
  cree_le: iso(r.created_at)!,
});

export interface SubscriptionRow {
  id: string;
  channel: 'webhook' | 'jetstream';
  endpoint_id: string | null;
  types: string[];
  departements: string[];
  epcis: string[];
  communes: string[];
  demarches: string[];
  created_at: Date;
}

export const presentSubscription = (r: SubscriptionRow): SubscriptionView => ({
  id: r.id,
  canal: r.channel,
  webhookId: r.endpoint_id,
  types: r.types as OperatorEventType[],
  territoire: { departements: r.departements, epcis: r.epcis, communes: r.communes },
  demarches: r.demarches as SubscriptionView['demarches'],
  cree_le: iso(r.created_at)!,
});

export interface DeliveryRow {
  id: string;
  seq: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  subject: string;
  event_time: Date;
  status: 'pending' | 'delivered' | 'failed' | 'abandoned';
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  received_at: Date;
}

export const STATUS_LABEL = { pending: 'en-attente', delivered: 'livree', failed: 'echec', abandoned: 'abandonnee' } as const;
export const STATUS_OF_LABEL = Object.fromEntries(Object.entries(STATUS_LABEL).map(([k, v]) => [v, k])) as Record<string, DeliveryRow['status']>;

export interface AttemptRow {
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
}

export const presentAttempt = (a: AttemptRow): DeliveryAttemptView => ({
  tentative: a.attempt,
  le: iso(a.started_at)!,
  duree_ms: a.duration_ms,
  statut_http: a.status_code,
  erreur: a.error,
  reponse: a.response_excerpt,
});

export const presentDelivery = (r: DeliveryRow, attempts?: AttemptRow[]): DeliveryView => ({
  id: r.id,
  webhookId: r.endpoint_id,
  evenement_id: r.event_id,
  type: r.event_type,
  sujet: r.subject,
  statut: STATUS_LABEL[r.status],
  tentatives: r.attempts,
  prochaine_tentative: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  livree_le: iso(r.delivered_at),
  recu_le: iso(r.received_at)!,
  ...(attempts ? { journal: attempts.map(presentAttempt) } : {}),
});
