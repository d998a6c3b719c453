import { z } from 'zod';
import { SAFE_CATEGORIES, type SafeCategory } from '../labels';
import type { Demarche } from '../mandates/demarches';

export { SAFE_CATEGORIES, type SafeCategory };
export const SAFE_CATEGORY_SLUGS = Object.keys(SAFE_CATEGORIES) as [SafeCategory, ...SafeCategory[]];

/** The démarche a mandate must cover for an aidant to deposit or open a document of a category. */
export const SAFE_CATEGORY_DEMARCHE: Record<SafeCategory, Demarche> = {
  identite: 'papiers',
  sante: 'social',
  logement: 'logement',
  emploi: 'travail',
  impots: 'argent',
  famille: 'famille',
  ressources: 'social',
  autre: 'papiers',
};

/** Accepted file types (from magic bytes, never from the name or the declared type). */
export const SAFE_MIME_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif'] as const;
export const SAFE_MAX_FILE_BYTES = 20 * 1024 * 1024;

const uuid = (what: string) => z.uuid({ message: `${what} : identifiant invalide.` });
const day = z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ.' });

/** What the gateway signs (edge token) for an upload; the file itself is the HTTP body. */
export const depositSchema = z.strictObject({
  categorie: z.enum(SAFE_CATEGORY_SLUGS, { message: 'Catégorie inconnue.' }),
  nom: z.string().trim().min(1, 'Nom de fichier requis.').max(200, 'Nom de fichier trop long (200 caractères au plus).'),
  description: z.string().trim().max(1000, 'Description trop longue (1000 caractères au plus).').optional(),
  delivreLe: day.optional(),
  expireLe: day.optional(),
  /** Deposit for a usager (aidant under mandate); absent: the usager's own safe. */
  usagerId: uuid('Usager').optional(),
});
export type Deposit = z.infer<typeof depositSchema>;

export const listDocumentsSchema = z.strictObject({ usagerId: uuid('Usager').optional() });

export const shareSchema = z
  .strictObject({
    documentId: uuid('Document').optional(),
    categorie: z.enum(SAFE_CATEGORY_SLUGS, { message: 'Catégorie inconnue.' }).optional(),
    structureId: uuid('Structure'),
    /** A named aidant (opaque subject id); absent: every aidant of the structure under mandate. */
    aidantSub: z.string().min(1).max(200).optional(),
    jusquAu: z.iso.datetime({ offset: true, message: 'Date de fin attendue (ISO 8601).' }),
  })
  .refine((s) => !!s.documentId !== !!s.categorie, { message: 'Partager un document ou une catégorie (l’un des deux).' });
export type ShareInput = z.infer<typeof shareSchema>;

/** « Partagés avec moi » (aidant): one page of the documents shared with them or their structure, across usagers. */
export const sharedWithMeQuerySchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 au plus par page.').default(50),
});
export type SharedWithMeQuery = z.infer<typeof sharedWithMeQuerySchema>;

export const closureSchema = z.strictObject({ confirmer: z.literal(true, { message: 'Confirmez la fermeture du coffre.' }) });

/** A document as listed (decrypted for the caller; the database holds none of these names). */
export interface SafeDocument {
  id: string;
  usagerId: string;
  categorie: SafeCategory;
  nom: string;
  description: string | null;
  type: string;
  taille: number;
  sha256: string;
  delivreLe: string | null;
  expireLe: string | null;
  deposeLe: string;
  deposePar: 'usager' | 'aidant';
  /** Aidant view only: until when the usager's share lets them open it. */
  partageJusquAu?: string;
  /** Usager view only: the expiry reminder was recorded (the ID expires within the notice period). */
  aRenouveler?: boolean;
}

/**
 * Aidant view across usagers (« Partagés avec moi »): a document shared with them (named) or their
 * structure, under an active mandate covering its category. No name nor description: those are
 * read on the usager's page, where each document is opened.
 */
export interface SafeSharedDocument {
  id: string;
  usagerId: string;
  categorie: SafeCategory;
  delivreLe: string | null;
  expireLe: string | null;
  deposeLe: string;
  /** Until when the latest share in force lets them open it. */
  partageJusquAu: string;
  /** Shared with this aidant by name (else with their whole structure). */
  nominatif: boolean;
}

export interface SafeShare {
  id: string;
  documentId: string | null;
  categorie: SafeCategory | null;
  structureId: string;
  aidantSub: string | null;
  jusquAu: string;
  revoqueLe: string | null;
}

export interface SafeJournalLine {
  seq: number;
  date: string;
  action: string;
  /** Plain French, for the usager (« qui a vu mes documents »). */
  texte: string;
  documentId: string | null;
  structureId: string | null;
}

export interface SafeUsage {
  octets: number;
  quota: number;
  /** True from 90 % of the quota. */
  alerte: boolean;
}

/** The closure of a usager's safe: requested, then every key destroyed once `destructionLe` is past (`effectueeLe`). */
export interface SafeClosureState {
  demandeeLe: string;
  /** From this date the keys are destroyed (the recovery period, `SAFE_CLOSURE_RECOVERY_DAYS`, is over). */
  destructionLe: string;
  /** When the keys were destroyed; null while the closure can still be cancelled. */
  effectueeLe: string | null;
}

/** The usager's space (`GET /moi/coffre/espace`, and `espace` of their documents): usage, quota and the closure, if any. */
export interface SafeSpace extends SafeUsage {
  fermeture: SafeClosureState | null;
  /** Days between a closure request and the destruction of the keys (`SAFE_CLOSURE_RECOVERY_DAYS`). */
  delaiFermetureJours: number;
}
