import { z } from 'zod';
import { lieuDataSchema, type LieuData } from './lieu.dto';
import {
  DISPOSITIFS, FORMATIONS_LABELS, FRAIS, ITINERANCE, MODALITES_ACCES, MODALITES_ACCOMPAGNEMENT, PRISE_EN_CHARGE, PUBLICS, SERVICES,
} from './standard';

/**
 * Requests and replies of the lieux API (edit, detail, "mes lieux"), the démarches catalogue and
 * the signalements. Field names follow the national standard (snake_case).
 */

export const lieuIdSchema = z.uuid('Identifiant de lieu invalide.');

/** Body of POST /api/v1/lieux: the standard's fields, plus the owning structure (required for referents). */
export const createLieuSchema = lieuDataSchema.extend({
  structure_id: z.uuid('Identifiant de structure invalide.').optional(),
});
export type CreateLieuDto = z.infer<typeof createLieuSchema>;

/**
 * Body of PATCH /api/v1/lieux/:id: any subset of the standard's fields; `version` (the one read)
 * enables optimistic locking. An optional field set to null is cleared.
 */
function partialShape() {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(lieuDataSchema.shape) as Array<[string, z.ZodType]>) {
    // No defaults in a patch (an absent list stays as it is); optional texts can be cleared with null.
    if (field instanceof z.ZodDefault) shape[key] = (field.unwrap() as z.ZodType).optional();
    else if (field instanceof z.ZodOptional) shape[key] = (field.unwrap() as z.ZodType).nullable().optional();
    else shape[key] = field.optional();
  }
  return shape;
}
export const updateLieuSchema = z
  .strictObject({ ...partialShape(), version: z.number().int().min(1).optional() })
  .refine((v) => Object.keys(v).some((k) => k !== 'version'), 'Aucun champ à modifier.');
export type UpdateLieuDto = { [K in keyof LieuData]?: LieuData[K] | null } & { version?: number };

/** Body of POST /api/v1/lieux/:id/fermeture. */
export const closeLieuSchema = z.strictObject({
  motif: z.string().trim().min(1).max(500).optional(),
  version: z.number().int().min(1).optional(),
});

/** Query of GET /api/v1/mes-lieux. */
export const listMesLieuxSchema = z.strictObject({
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 éléments par page au plus.').default(20),
  q: z.string().trim().max(100).optional(),
  statut: z.enum(['actif', 'ferme'], { error: 'Statut inconnu (actif, ferme).' }).optional(),
});

// ---- Démarches (référentiel d'activités) -----------------------------------------------------

export const demarcheSlugSchema = z.string().regex(/^[a-z0-9-]{2,60}$/, 'Identifiant de démarche invalide (minuscules, chiffres, tirets).');

export const createDemarcheSchema = z.strictObject({
  slug: demarcheSlugSchema,
  libelle: z.string().trim().min(2, 'Le libellé doit comporter au moins 2 caractères.').max(200),
  theme: z.string().trim().min(2, 'Le thème doit comporter au moins 2 caractères.').max(100),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const updateDemarcheSchema = createDemarcheSchema
  .omit({ slug: true })
  .partial()
  .extend({ actif: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'Aucun champ à modifier.');
export const listDemarchesSchema = z.strictObject({
  /** Include deactivated démarches (animateurs managing the catalogue). */
  inactives: z.enum(['true', 'false']).optional(),
});

export interface DemarcheView {
  slug: string;
  libelle: string;
  theme: string;
  position: number;
  actif: boolean;
}
export interface DemarchesByTheme {
  themes: Array<{ theme: string; demarches: DemarcheView[] }>;
}

// ---- Signalements ------------------------------------------------------------------------------

export const SIGNALEMENT_MOTIFS = {
  'n-existe-plus': "Le lieu n'existe plus",
  horaires: 'Les horaires sont faux',
  services: 'Les services proposés sont différents',
  adresse: "L'adresse ou la position est fausse",
  contacts: 'Les contacts sont faux',
  autre: 'Autre',
} as const;
export type SignalementMotif = keyof typeof SIGNALEMENT_MOTIFS;
const motifs = Object.keys(SIGNALEMENT_MOTIFS) as [SignalementMotif, ...SignalementMotif[]];
export const signalementMotifSchema = z.enum(motifs, { error: () => `Motif inconnu ; valeurs possibles : ${motifs.join(', ')}.` });
export const SIGNALEMENT_STATUTS = ['ouvert', 'corrige', 'rejete'] as const;

/** Body of POST /api/v1/lieux/:id/signalements (public). */
export const createSignalementSchema = z.strictObject({
  motif: signalementMotifSchema,
  commentaire: z.string().trim().max(2000, '2000 caractères au plus.').optional(),
  email: z.email('Adresse e-mail invalide.').max(254).optional(),
});
export const signalementIdSchema = z.uuid('Identifiant de signalement invalide.');
export const listSignalementsSchema = z.strictObject({
  statut: z.enum(SIGNALEMENT_STATUTS, { error: 'Statut inconnu (ouvert, corrige, rejete).' }).optional(),
  lieu_id: z.uuid('Identifiant de lieu invalide.').optional(),
  page: z.coerce.number().int().min(1, 'La page commence à 1.').max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '100 éléments par page au plus.').default(20),
});

/** Body of POST /api/v1/signalements/:id/resolution. */
export const resolveSignalementSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('corriger'),
      /** Fields of the lieu to correct (same rules as PATCH /lieux/:id); none = the lieu was corrected elsewhere. */
      correction: updateLieuSchema.optional(),
      /** Closes the lieu (a confirmed "n'existe plus"). */
      fermer: z.boolean().optional(),
      motif: z.string().trim().min(1, 'Le motif est obligatoire.').max(1000),
    }),
    z.strictObject({
      action: z.literal('rejeter'),
      motif: z.string().trim().min(1, 'Le motif est obligatoire.').max(1000),
    }),
  ],
  { error: 'Action inconnue (corriger, rejeter).' },
);
export type ResolveSignalementDto = z.infer<typeof resolveSignalementSchema>;

// ---- Référentiels -------------------------------------------------------------------------------

/** Every vocabulary (slug → label) for forms and filters; served by GET /api/v1/referentiels. */
export function referentiels() {
  return {
    services: SERVICES.labels,
    publics_specifiquement_adresses: PUBLICS.labels,
    prise_en_charge_specifique: PRISE_EN_CHARGE.labels,
    frais_a_charge: FRAIS.labels,
    itinerance: ITINERANCE.labels,
    dispositif_programmes_nationaux: DISPOSITIFS.labels,
    formations_labels: FORMATIONS_LABELS.labels,
    modalites_acces: MODALITES_ACCES.labels,
    modalites_accompagnement: MODALITES_ACCOMPAGNEMENT.labels,
    signalement_motifs: SIGNALEMENT_MOTIFS,
    flags: LIEU_FLAGS,
  };
}

/** Flags a lieu can carry, with the label shown to users. */
export const LIEU_FLAGS = {
  'horaires-invalides': 'Horaires illisibles',
  'coordonnees-manquantes': 'Position manquante',
  'hors-france': 'Position hors de France',
  'hors-departement': 'Position hors du département de la commune',
  'insee-inconnu': 'Code INSEE inconnu',
  'a-verifier': 'À vérifier',
  demo: 'Donnée de démonstration',
} as const;
