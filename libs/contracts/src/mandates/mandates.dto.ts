import { z } from 'zod';
import { DEMARCHES, DUREES_MANDAT, HABILITATION_STATUTS, type Demarche } from './demarches';

const uuid = (what: string) => z.uuid({ message: `${what} : identifiant invalide.` });
const text = (what: string, max: number) =>
  z.string({ message: `${what} : texte attendu.` }).trim().min(1, { message: `${what} : ce champ est obligatoire.` }).max(max, { message: `${what} : ${max} caractères au plus.` });

export const demarcheSchema = z.enum(Object.keys(DEMARCHES) as [Demarche, ...Demarche[]], { message: 'Démarche inconnue.' });

/** Selected structure of an acting aidant (header X-Pin-Structure, body or query). */
export const structureSelectionSchema = z.object({ structureId: uuid('Structure').optional() });

const birthDate = z
  .string({ message: 'Date de naissance : date attendue (AAAA-MM-JJ).' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date de naissance : format AAAA-MM-JJ attendu.' })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && d.getTime() < Date.now() && d.getUTCFullYear() >= 1900;
  }, { message: 'Date de naissance : date invalide ou dans le futur.' });

const email = z.email({ message: 'Adresse électronique invalide.' }).max(254, { message: 'Adresse électronique trop longue.' });
const telephone = z
  .string({ message: 'Téléphone : texte attendu.' })
  .trim()
  .regex(/^\+?[0-9 .-]{6,20}$/, { message: 'Téléphone : numéro invalide.' });

export const createUsagerSchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  nom: text('Nom', 100),
  prenoms: text('Prénoms', 200),
  dateNaissance: birthDate,
  lieuNaissance: text('Lieu de naissance', 150),
  email: email.nullish(),
  telephone: telephone.nullish(),
  identiteVerifiee: z.literal(true, { message: "Vous devez attester avoir vérifié une pièce d'identité." }),
  confirmerDoublon: z.boolean({ message: 'confirmerDoublon : booléen attendu.' }).optional(),
});
export type CreateUsager = z.infer<typeof createUsagerSchema>;

export const updateUsagerSchema = z
  .strictObject({ email: email.nullable().optional(), telephone: telephone.nullable().optional() })
  .refine((v) => v.email !== undefined || v.telephone !== undefined, { message: 'Aucune modification demandée.' });

export const searchUsagersSchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  q: z.string().trim().max(100, { message: 'Recherche : 100 caractères au plus.' }).optional(),
  page: z.coerce.number().int().min(1, { message: 'La page commence à 1.' }).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, { message: '100 usagers par page au plus.' }).default(20),
});

export const createMandatSchema = z.strictObject({
  usagerId: uuid('Usager'),
  structureId: uuid('Structure').optional(),
  demarches: z
    .array(demarcheSchema, { message: 'Démarches : liste attendue.' })
    .min(1, { message: 'Choisissez au moins une démarche.' })
    .max(10, { message: 'Dix démarches au plus.' })
    .refine((l) => new Set(l).size === l.length, { message: 'Une démarche est citée deux fois.' }),
  dureeJours: z.union(DUREES_MANDAT.map((d) => z.literal(d)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<31>, z.ZodLiteral<182>, z.ZodLiteral<365>], {
    message: 'Durée invalide : 1, 31, 182 ou 365 jours.',
  }),
  consentement: z.literal(true, { message: "Le consentement de la personne, informée, doit être confirmé." }),
  debut: z.iso
    .datetime({ offset: true, message: 'Début : date et heure ISO attendues.' })
    .refine((v) => new Date(v).getTime() >= Date.now() - 5 * 60_000, { message: 'Début : la date est dans le passé.' })
    .refine((v) => new Date(v).getTime() <= Date.now() + 90 * 86_400_000, { message: 'Début : 90 jours au plus à l’avance.' })
    .optional(),
});
export type CreateMandat = z.infer<typeof createMandatSchema>;

export const revokeMandatSchema = z.strictObject({
  demarches: z.array(demarcheSchema, { message: 'Démarches : liste attendue.' }).max(10).optional(),
});

export const idempotencyKeySchema = z
  .string({ message: "En-tête Idempotency-Key obligatoire." })
  .regex(/^[A-Za-z0-9_-]{8,128}$/, { message: 'Idempotency-Key : 8 à 128 caractères parmi A-Z a-z 0-9 _ -.' });

export const claimUsagerSchema = z.strictObject({
  code: z.string({ message: 'Code : texte attendu.' }).trim().min(4, { message: 'Code trop court.' }).max(20, { message: 'Code trop long.' }),
});

export const createHabilitationSchema = z.strictObject({
  structureId: uuid('Structure'),
  /** A member of the structure (`GET /structures/:id/membres`): their subject, as listed. */
  memberId: z.string({ message: "Choisissez l'aidant parmi les membres de la structure." }).trim().min(1, { message: "Choisissez l'aidant parmi les membres de la structure." }).max(200, { message: 'Membre : identifiant invalide.' }),
  charteSignee: z.boolean({ message: 'charteSignee : booléen attendu.' }),
  formationSuivie: z.boolean({ message: 'formationSuivie : booléen attendu.' }),
});
export type CreateHabilitation = z.infer<typeof createHabilitationSchema>;

export const decideHabilitationSchema = z.strictObject({ motif: text('Motif', 500).optional() });
export const habilitationDecisionSchema = z.enum(['accorder', 'refuser', 'retirer', 'annuler'], { message: 'Décision inconnue.' });

export const listHabilitationsSchema = z.strictObject({
  structureId: uuid('Structure').optional(),
  statut: z.enum(HABILITATION_STATUTS, { message: 'Statut inconnu.' }).optional(),
});

export const verificationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, { message: 'Code de vérification invalide.' });

/** Service-to-service: may this aidant act for this usager on this démarche, now? */
export const authorizationCheckSchema = z.object({
  aidantSub: z.string().min(1).max(200),
  /** Matches a habilitation granted before the aidant's first action (when only the username is known). */
  aidantUsername: z.string().min(1).max(100).optional(),
  structureId: z.uuid(),
  usagerId: z.uuid(),
  demarche: z.string().min(1).max(40),
});
export type AuthorizationCheck = z.infer<typeof authorizationCheckSchema>;

export const AUTHORIZATION_REASONS = [
  'AUTORISE',
  'AIDANT_NON_HABILITE',
  'AUCUN_MANDAT',
  'MANDAT_REVOQUE',
  'MANDAT_EXPIRE',
  'MANDAT_A_VENIR',
  'DEMARCHE_INCONNUE',
  'REQUETE_INVALIDE',
] as const;
export type AuthorizationReason = (typeof AUTHORIZATION_REASONS)[number];

export interface AuthorizationDecision {
  allowed: boolean;
  reason: AuthorizationReason;
  mandatId?: string;
  autorisationId?: string;
  fin?: string;
}
