import { z } from 'zod';

/** The domain of the ethical mailboxes (hosted in Europe, no advertising use of data). */
export const MAILBOX_DOMAIN = 'landesmail.fr';
/** Démarches whose mandate allows an aidant to request a mailbox for the usager. */
export const MAILBOX_DEMARCHES = ['papiers', 'social'] as const;
export type MailboxDemarche = (typeof MAILBOX_DEMARCHES)[number];

/** Lifecycle: requested → provisioning → active ⇄ suspended → disabled → deletion scheduled → deleted (failed: provisioning gave up). */
export const MAILBOX_STATUTS = ['demandee', 'en_cours', 'active', 'suspendue', 'desactivee', 'suppression_programmee', 'supprimee', 'echec'] as const;
export type MailboxStatut = (typeof MAILBOX_STATUTS)[number];

/** Names are checked by the service (codes ADRESSE.*), the schema only bounds the payload. */
const namePart = z.string({ message: 'Texte attendu.' }).max(1_000, { message: 'Texte trop long.' });

export const proposeAddressSchema = z.strictObject({ prenom: namePart, nom: namePart, structureId: z.uuid().optional() });
export type ProposeAddress = z.infer<typeof proposeAddressSchema>;

export const createMailboxSchema = z.strictObject({
  prenom: namePart,
  nom: namePart,
  /** The démarche of the mandate the aidant acts under (papiers or social). */
  demarche: z.enum(MAILBOX_DEMARCHES, { message: 'Démarche « papiers » ou « social » attendue.' }),
  /** The usager's consent, recorded with the request (the aidant read them the conditions). */
  consentement: z.literal(true, { message: 'Le consentement de la personne est nécessaire.' }),
  /** One of the proposed local parts (else the first proposal). */
  localPart: z.string().max(64).optional(),
  structureId: z.uuid().optional(),
});
export type CreateMailbox = z.infer<typeof createMailboxSchema>;

export const quotaChangeSchema = z.strictObject({
  quotaMo: z.coerce.number().int({ message: 'Nombre entier de Mo attendu.' }).min(1, { message: 'Au moins 1 Mo.' }).max(51_200, { message: 'Au plus 50 Go.' }),
  structureId: z.uuid().optional(),
});

export const appPasswordCreateSchema = z.strictObject({
  nom: z.string().trim().min(1, { message: 'Nommez l’appareil (ex. « Téléphone »).' }).max(60, { message: 'Nom d’appareil trop long.' }),
});

const newPassword = z
  .string()
  .min(12, { message: 'Au moins 12 caractères.' })
  .max(200, { message: 'Mot de passe trop long.' });

/** The usager links their account to their mailbox and changes the initial password (or any later one). */
export const selfPasswordChangeSchema = z.strictObject({
  adresse: z.string().trim().toLowerCase().max(200),
  motDePasseActuel: z.string().min(1).max(200),
  nouveauMotDePasse: newPassword,
});

export const lifecycleActionSchema = z.strictObject({ structureId: z.uuid().optional() });

/** A mailbox as the aidant and the usager see it. */
export interface MailboxView {
  id: string;
  usagerId: string;
  adresse: string;
  statut: MailboxStatut;
  /** Provisioning progress, 0–100 (the aidant follows the job). */
  progression: number;
  quotaMo: number;
  motDePasseAChanger: boolean;
  courrierDisponible: boolean;
  suppressionLe: string | null;
  cree_le: string;
}

export interface AddressProposal {
  propositions: string[];
  domaine: string;
}

export interface AppPasswordView {
  id: string;
  nom: string;
  cree_le: string;
  derniere_utilisation: string | null;
}

export interface QuotaView {
  quotaMo: number;
  utiliseMo: number;
  messages: number;
  pourcentage: number;
  /** At or above 90 %: the usager was warned. */
  alerte: boolean;
}
