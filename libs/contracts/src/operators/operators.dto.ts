import { z } from 'zod';
import { DEMARCHES, type Demarche } from '../mandates/demarches';

/**
 * Event types an operator may subscribe to: PIN's own CloudEvents types, sent as they are (ids
 * and public facts about lieux only, never personal data).
 */
export const OPERATOR_EVENT_TYPES = [
  'pin.directory.lieu.created.v1',
  'pin.directory.lieu.updated.v1',
  'pin.directory.lieu.closed.v1',
  /** A label granted to, withdrawn from or expired for a lieu (ids, programme and level only). */
  'pin.labelling.label.granted.v1',
  'pin.labelling.label.revoked.v1',
  'pin.labelling.label.expired.v1',
  /** A démarche of a mandate revoked (revocation or renewal): ids, structure and démarche only. */
  'pin.mandates.autorisation.revoked.v1',
  /** An aidant read one of the operator's own announcements (only the announcing operator receives it). */
  'pin.operators.announcement.acknowledged.v1',
  /** A lieu said what became of a person the operator oriented there (only the orienting operator receives it). */
  'pin.operators.orientation.status-changed.v1',
] as const;
export type OperatorEventType = (typeof OPERATOR_EVENT_TYPES)[number];

const demarche = z.enum(Object.keys(DEMARCHES) as [Demarche, ...Demarche[]], { message: 'Démarche inconnue.' });
const uniq = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).transform((a) => [...new Set(a)] as z.infer<T>[]);

/** Territory of a subscription: any of the listed départements, EPCI (SIREN) or communes (INSEE); all empty = everywhere. */
export const territorySchema = z.strictObject({
  departements: uniq(z.string().regex(/^(?:\d{2}|2[AB]|97\d)$/, { message: 'Code de département invalide (ex. 40, 2A, 974).' }), 120).default([]),
  epcis: uniq(z.string().regex(/^\d{9}$/, { message: 'SIREN d’EPCI invalide (9 chiffres).' }), 500).default([]),
  communes: uniq(z.string().regex(/^(?:\d{5}|2[AB]\d{3})$/, { message: 'Code INSEE de commune invalide.' }), 2000).default([]),
});
export type Territory = z.infer<typeof territorySchema>;

export const SUBSCRIPTION_CHANNELS = ['webhook', 'jetstream'] as const;

export const createSubscriptionSchema = z.strictObject({
  /** `webhook`: POSTed to `webhookId`; `jetstream`: published on the operator's subjects of PIN_OPERATORS. */
  canal: z.enum(SUBSCRIPTION_CHANNELS, { message: 'Canal inconnu (webhook ou jetstream).' }).default('webhook'),
  /** The webhook endpoint that receives the matching events (canal webhook). */
  webhookId: z.uuid({ message: 'Identifiant de webhook invalide.' }).optional(),
  types: uniq(z.enum(OPERATOR_EVENT_TYPES, { message: 'Type d’événement inconnu.' }), OPERATOR_EVENT_TYPES.length).refine((a) => a.length > 0, { message: 'Au moins un type d’événement.' }),
  territoire: territorySchema.default({ departements: [], epcis: [], communes: [] }),
  /** Mandate events: only these démarches (empty: all). */
  demarches: uniq(demarche, 20).default([]),
}).refine((v) => (v.canal === 'webhook') === (v.webhookId !== undefined), {
  message: 'webhookId est obligatoire pour le canal webhook, et sans objet pour le canal jetstream.',
  path: ['webhookId'],
});
export type CreateSubscription = z.infer<typeof createSubscriptionSchema>;

export const createWebhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, message: 'Adresse http(s) invalide.' }).max(2000),
  description: z.string().trim().max(200).optional(),
});

export const updateWebhookSchema = z.strictObject({
  /** Re-enable an endpoint disabled after a 410 or repeated failures (or disable it). */
  actif: z.boolean().optional(),
  description: z.string().trim().max(200).optional(),
});

const isoDate = z.iso.datetime({ offset: true, message: 'Date ISO 8601 avec fuseau attendue.' });

/** Replay of a time range: the events received by PIN since `depuis` (until `jusqua`). */
export const replaySchema = z.strictObject({ depuis: isoDate, jusqua: isoDate.optional() });

export const DELIVERY_STATUSES = ['en-attente', 'livree', 'echec', 'abandonnee'] as const;
export const listDeliveriesSchema = z.strictObject({
  statut: z.enum(DELIVERY_STATUSES, { message: 'Statut inconnu.' }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

/** What the API shows of a webhook endpoint (the secret only when created or rotated). */
export interface WebhookView {
  id: string;
  url: string;
  description: string | null;
  actif: boolean;
  desactive_motif: string | null;
  desactive_le: string | null;
  cree_le: string;
}

export interface SubscriptionView {
  id: string;
  canal: (typeof SUBSCRIPTION_CHANNELS)[number];
  webhookId: string | null;
  types: OperatorEventType[];
  territoire: Territory;
  demarches: Demarche[];
  cree_le: string;
}

export interface DeliveryAttemptView {
  tentative: number;
  le: string;
  duree_ms: number;
  statut_http: number | null;
  erreur: string | null;
  reponse: string | null;
}

export interface DeliveryView {
  /** The `webhook-id` header: the same for every attempt and replay of this delivery. */
  id: string;
  webhookId: string;
  evenement_id: string;
  type: string;
  sujet: string;
  statut: (typeof DELIVERY_STATUSES)[number];
  tentatives: number;
  prochaine_tentative: string | null;
  livree_le: string | null;
  recu_le: string;
  journal?: DeliveryAttemptView[];
}

/** Id of a webhook, subscription or delivery in a path. */
export const operatorResourceIdSchema = z.uuid({ message: 'Identifiant invalide.' });

/**
 * The JetStream channel: PIN_OPERATORS holds each operator's events under
 * `pin.operators.deliver.<operatorId>.<event type>`, read through one durable pull consumer per
 * operator with NATS credentials limited to it.
 */
export const operatorDeliverPrefix = (operatorId: string) => `pin.operators.deliver.${operatorId}`;
export const operatorConsumerName = (operatorId: string) => `operator-${operatorId}`;
/** An operator's client id is a NATS subject token and a consumer name: letters, digits, `-` and `_` only. */
export const OPERATOR_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** An operator's client id in an admin path (`/admin/operateurs/:operateur/…`). */
export const operatorIdSchema = z.string().regex(OPERATOR_ID_PATTERN, { message: 'Identifiant d’opérateur invalide.' });

/** One line of the staff's overview (`GET /admin/operateurs`). */
export interface OperatorOverview {
  operateur: string;
  webhooks: number;
  webhooks_desactives: number;
  abonnements: number;
  en_attente: number;
  en_echec: number;
  derniere_livraison: string | null;
}

/** A notice to an operator's contact (today: one of its endpoints disabled), as recorded. */
export interface OperatorNoticeView {
  id: string;
  type: 'webhook-disabled';
  webhookId: string | null;
  motif: string | null;
  /** The operator's contact (OPERATOR_CONTACTS); null when none is configured. */
  destinataire: string | null;
  objet: string;
  texte: string;
  cree_le: string;
}

/** The answer of a secret rotation: the new secret, shown once, and until when the old one still signs. */
export interface RotatedWebhookView extends WebhookView {
  secret: string;
  ancien_secret_valide_jusqua: string;
}

/** Replay of the JetStream channel from a time or a stream sequence (the durable consumer starts again there). */
export const jetstreamReplaySchema = z
  .strictObject({ depuis: isoDate.optional(), sequence: z.number().int().min(1).optional() })
  .refine((v) => (v.depuis === undefined) !== (v.sequence === undefined), { message: 'Indiquez depuis ou sequence (l’un des deux).', path: ['depuis'] });

/** An announcement to the aidants (veille téléservices): what changed in the operator's online services. */
export const createAnnouncementSchema = z.strictObject({
  titre: z.string().trim().min(3, { message: 'Titre trop court.' }).max(150),
  texte: z.string().trim().min(1, { message: 'Texte obligatoire.' }).max(5_000),
  lien: z.url({ protocol: /^https$/, message: 'Lien https attendu.' }).max(2_000).optional(),
  /** Démarches concerned (empty: all). */
  demarches: uniq(demarche, 20).default([]),
  /** Where the aidants concerned work (their structures' communes); empty: everywhere. */
  territoire: territorySchema.default({ departements: [], epcis: [], communes: [] }),
});

export interface AnnouncementView {
  id: string;
  operateur: string;
  titre: string;
  texte: string;
  lien: string | null;
  demarches: Demarche[];
  territoire: Territory;
  publiee_le: string;
  /** For an aidant: whether they marked it read. */
  lue?: boolean;
  /** For the operator: how many aidants and structures marked it read. */
  lectures?: number;
  structures?: number;
}

/**
 * What became of an orientation. Open: `envoyee` (sent), `acceptee` (the lieu accepts),
 * `planifiee` (an appointment is set, `rendezVousLe`). Closed: `accompagnee` (the person was
 * helped: completed), `non-venue`, `reorientee`, `refusee` (the lieu declines), `annulee` (the
 * person cancelled). The first four values were published first; the others were added since.
 */
export const ORIENTATION_STATUSES = ['envoyee', 'accompagnee', 'non-venue', 'reorientee', 'acceptee', 'planifiee', 'refusee', 'annulee'] as const;
export type OrientationStatus = (typeof ORIENTATION_STATUSES)[number];
export const OPEN_ORIENTATION_STATUSES = ['envoyee', 'acceptee', 'planifiee'] as const satisfies readonly OrientationStatus[];
/** What the lieu may say, from each open status (a closed orientation never changes again; `planifiee` may be re-scheduled). */
export const ORIENTATION_TRANSITIONS: Record<OrientationStatus, readonly OrientationStatus[]> = {
  envoyee: ['acceptee', 'planifiee', 'accompagnee', 'non-venue', 'reorientee', 'refusee'],
  acceptee: ['planifiee', 'accompagnee', 'non-venue', 'reorientee', 'refusee'],
  planifiee: ['planifiee', 'accompagnee', 'non-venue', 'reorientee'],
  accompagnee: [], 'non-venue': [], reorientee: [], refusee: [], annulee: [],
};
/** The statuses a lieu sets (`annulee` is the person's own). */
export const LIEU_ORIENTATION_STATUSES = ['acceptee', 'planifiee', 'accompagnee', 'non-venue', 'reorientee', 'refusee'] as const;

const orientationReference = z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'Référence opaque attendue (lettres, chiffres, - _ . :).' });

/**
 * An operator sends a person to a lieu. PIN never learns who: `reference` is the operator's own
 * opaque file reference (no name, no number that identifies the person to others).
 */
export const createOrientationSchema = z.strictObject({
  lieuId: z.uuid({ message: 'Identifiant de lieu invalide.' }),
  demarche: demarche.optional(),
  reference: orientationReference.optional(),
});

/**
 * An aidant orients the person they help to a lieu of another structure, for a démarche. The
 * person consented to share `besoin` (a short description of what they need, no identity) with
 * that lieu: `consentement: true` is mandatory and recorded with the aidant and the time.
 */
export const aidantOrientationSchema = z.strictObject({
  lieuId: z.uuid({ message: 'Identifiant de lieu invalide.' }),
  /** The aidant's structure that orients (optional when the aidant belongs to one structure). */
  structureId: z.uuid({ message: 'Identifiant de structure invalide.' }).optional(),
  demarche,
  besoin: z.string().trim().max(500, { message: '500 caractères au plus.' }).optional(),
  consentement: z.literal(true, { message: 'La personne doit avoir accepté de partager ces informations avec le lieu.' }),
});

export const orientationStatusSchema = z
  .strictObject({
    statut: z.enum(LIEU_ORIENTATION_STATUSES, { message: 'Statut inconnu (acceptee, planifiee, accompagnee, non-venue, reorientee, refusee).' }),
    /** The appointment (statut `planifiee` only). */
    rendezVousLe: isoDate.optional(),
  })
  .refine((v) => (v.statut === 'planifiee') === (v.rendezVousLe !== undefined), { message: 'Une date de rendez-vous est attendue pour « planifiee », et seulement pour lui.', path: ['rendezVousLe'] });

export const listOrientationsSchema = z.strictObject({
  statut: z.enum(ORIENTATION_STATUSES, { message: 'Statut inconnu.' }).optional(),
  /** For the lieux' people: orientations received by the lieux of my structures (default) or sent by my structures. */
  sens: z.enum(['recues', 'envoyees'], { message: 'Sens inconnu (recues, envoyees).' }).default('recues'),
});

/** The person's code (printed or told by who oriented them), in a POST body only, never in a URL. */
export const orientationCodeSchema = z.strictObject({
  code: z.string().trim().regex(/^[A-Za-z0-9 -]{8,12}$/, { message: 'Code de suivi invalide (8 caractères, ex. ABCD-EFGH).' }),
});

export interface OrientationView {
  id: string;
  /** The orienting operator; null when an aidant oriented the person. */
  operateur: string | null;
  /** The orienting structure (an aidant's orientation); null for an operator's. */
  structureOrigineId: string | null;
  lieuId: string;
  demarche: string | null;
  reference: string | null;
  /** What the person consented to share with the lieu (aidant orientations), until the purge. */
  besoin: string | null;
  consentement_le: string | null;
  statut: OrientationStatus;
  rendezVousLe: string | null;
  cree_le: string;
  mis_a_jour_le: string;
  /** When the personal data of this closed orientation (`reference`, `besoin`, the person's code) was erased (ORIENTATION_PURGE_AFTER_DAYS after closure). */
  purgee_le: string | null;
}

/** The answer to whoever creates an orientation: the person's tracking code, shown once (only its hash is kept). */
export interface CreatedOrientationView extends OrientationView {
  codeSuivi: string;
}

/** What the person sees with their code: no reference, no note, no operator's internals. */
export interface PersonOrientationView {
  lieuId: string;
  demarche: string | null;
  statut: OrientationStatus;
  rendezVousLe: string | null;
  cree_le: string;
  mis_a_jour_le: string;
  annulable: boolean;
}
